package io.silas.core.work;

import io.silas.core.gate.Gate;
import io.silas.core.vocabulary.RiskLevel;
import io.silas.core.vocabulary.WorkItemType;
import java.util.ArrayList;
import java.util.List;

/**
 * The risk of approving a plan, derived from what the plan makes run — never chosen by a model and never a constant
 * (docs/threat-model.md#promise-2). Each finding names the plan part that raised it, so the approval card can say why.
 *
 * <p>Rules, the highest level found wins:
 * <ul>
 *   <li>{@code high}: a verification check with network access; a check whose working directory is absolute
 *       (outside the verification work dir); any skill (a skill acts with its own permissions, which may write
 *       outside the work dir; the plan alone cannot show they do not, so this fails closed); a goal that spawns
 *       fix tasks ({@code on_failure: spawn_task}: work runs later without another card).</li>
 *   <li>{@code medium}: a direct shell or python command; an executor agent choosing tool calls; gates carried by
 *       the plan that run a script; artifacts imported from an earlier item ({@code follow_up_of}); a
 *       recurring schedule.</li>
 *   <li>{@code low}: otherwise (for example a goal that only runs local checks).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param level   the highest level any finding raised
 * @param reasons the findings, in plan order, each starting with its level
 */
public record PlanRisk(RiskLevel level, List<String> reasons) {
    /** The {@code on_failure} value that spawns fix tasks. */
    static final String SPAWN_TASK = "spawn_task";

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param level   the highest level any finding raised
     * @param reasons the findings, in plan order, each starting with its level /
public
     */
    public PlanRisk {
        if (level == null) {
            throw io.silas.core.error.SilasException.invalid("risk_level", "is required");
        }
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /**
     * {@return the risk of running the item as planned}
     *
     * @param item the work item
     */
    public static PlanRisk of(WorkItem item) {
        Findings findings = new Findings();
        if (item.executor() != null) {
            findings.add(RiskLevel.MEDIUM, "runs a direct " + item.executor().name().toLowerCase(java.util.Locale.ROOT)
                    + " command");
        } else if (item.type() == WorkItemType.TASK) {
            findings.add(RiskLevel.MEDIUM, "an executor agent chooses tool calls");
        }
        for (VerificationCheck check : item.verify()) {
            if (check.network()) {
                findings.add(RiskLevel.HIGH, "check '" + check.name() + "' has network access");
            }
            if (check.cwd() != null && check.cwd().startsWith("/")) {
                findings.add(RiskLevel.HIGH, "check '" + check.name() + "' runs outside the work dir (" + check.cwd()
                        + ")");
            }
        }
        for (Gate gate : item.gates()) {
            if (gate.checkCommand() != null || Gate.PROVIDER_SCRIPT.equals(gate.provider())) {
                findings.add(RiskLevel.MEDIUM, "gate '" + gate.name() + "' runs a script");
            }
        }
        if (!item.skills().isEmpty()) {
            findings.add(RiskLevel.HIGH, "uses skills " + item.skills() + " with their own permissions");
        }
        if (item.followUpOf() != null) {
            findings.add(RiskLevel.MEDIUM, "imports artifacts of '" + item.followUpOf() + "'");
        }
        if (SPAWN_TASK.equals(item.onFailure())) {
            findings.add(RiskLevel.HIGH, "spawns fix tasks when its checks fail");
        }
        if (item.schedule() != null) {
            findings.add(RiskLevel.MEDIUM, "runs on schedule '" + item.schedule() + "'");
        }
        return new PlanRisk(findings.level, findings.reasons);
    }

    private static final class Findings {
        private RiskLevel level = RiskLevel.LOW;
        private final List<String> reasons = new ArrayList<>();

        void add(RiskLevel found, String reason) {
            if (found.compareTo(level) > 0) {
                level = found;
            }
            reasons.add(found.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason);
        }
    }
}
