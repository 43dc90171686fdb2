package io.silas.core.channel;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.silas.core.error.SilasException;
import io.silas.core.gate.Gate;
import io.silas.core.work.Budget;
import io.silas.core.work.PlanRisk;
import io.silas.core.work.VerificationCheck;
import io.silas.core.work.WorkItem;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a plan approval card must show (docs/threat-model.md#promise-2): every part of the plan that the plan hash binds
 * and that changes what executes — how it runs (direct command or executor agent) and the exact command, the
 * verification checks with their commands and which have network, the gates the plan carries with their scripts,
 * skills, imported artifacts ({@code follow_up_of}, {@code input_artifacts_from}), budget and schedule — plus the
 * findings its risk level was derived from ({@link PlanRisk}).
 *
 * <p>Built from the stored item whose plan hash the card shows, so the card and the approved plan cannot diverge.
 * {@link #lines()} is the plain-text rendering every channel without rich cards shows. Immutable and thread-safe.
 *
 * <p><b>Security guarantees:</b> a plan part that changes what runs and is not listed here cannot run: the token
 * binds the plan hash of exactly this item, and gates carried by the plan may block or ask but never rewrite a
 * tool call.
 *
 * @param runs         {@code shell}, {@code python} (direct: the body is the command) or {@code agent}
 * @param command      the exact direct command or script, null for agent-run items
 * @param checks       the verification checks
 * @param gates        the gates the plan carries (system gates of the host are not part of a plan)
 * @param skills       the skills the plan uses
 * @param followUpOf   the earlier item whose artifacts are imported, if any
 * @param inputArtifacts which of its artifacts ({@code *} = all)
 * @param budget       the budget
 * @param schedule     the schedule of a goal, if any
 * @param riskReasons  the findings the card's risk level was derived from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanContents(String runs, @Nullable String command, List<VerificationCheck> checks, List<Gate> gates,
                           List<String> skills, @Nullable String followUpOf, List<String> inputArtifacts,
                           @Nullable Budget budget, @Nullable String schedule, List<String> riskReasons) {
    private static final String UNKNOWN = "unknown";

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param runs           {
     * @param command        the exact direct command or script, null for agent-run items
     * @param checks         the verification checks
     * @param gates          the gates the plan carries (system gates of the host are not part of a plan)
     * @param skills         the skills the plan uses
     * @param followUpOf     the earlier item whose artifacts are imported, if any
     * @param inputArtifacts which of its artifacts ({
     * @param budget         the budget
     * @param schedule       the schedule of a goal, if any
     * @param riskReasons    the findings the card's risk level was derived from /
     */
    public PlanContents {
        if (runs == null || runs.isBlank()) {
            throw SilasException.invalid("runs", "must not be blank");
        }
        checks = checks == null ? List.of() : List.copyOf(checks);
        gates = gates == null ? List.of() : List.copyOf(gates);
        skills = skills == null ? List.of() : List.copyOf(skills);
        inputArtifacts = inputArtifacts == null ? List.of() : List.copyOf(inputArtifacts);
        riskReasons = riskReasons == null ? List.of() : List.copyOf(riskReasons);
    }

    /**
     * {@return the contents of a plan, with the findings of {@link PlanRisk#of}}
     *
     * @param item the work item
     */
    public static PlanContents of(WorkItem item) {
        String runs = item.executor() == null ? "agent" : item.executor().name().toLowerCase(Locale.ROOT);
        return new PlanContents(runs, item.executor() == null ? null : item.body(), item.verify(), item.gates(),
                item.skills(), item.followUpOf(), item.followUpOf() == null ? List.of() : item.inputArtifactsFrom(),
                item.budget(), item.schedule(), PlanRisk.of(item).reasons());
    }

    /**
     * Contents that say nothing is known about the plan (cards built without an item, for example in tests).
     *
     * @return the plan contents
     */
    public static PlanContents unknown() {
        return new PlanContents(UNKNOWN, null, List.of(), List.of(), List.of(), null, List.of(), null, null,
                List.of());
    }

    /** {@return the plain-text rendering, one entry per line} */
    public List<String> lines() {
        if (UNKNOWN.equals(runs)) {
            return List.of("What runs: not described by this card");
        }
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        if (command != null) {
            out.add("Runs this " + runs + " " + ("python".equals(runs) ? "script" : "command") + " exactly:");
            command.strip().lines().forEach(line -> out.add("    " + line));
        } else if ("agent".equals(runs)) {
            out.add("Runs: an executor agent works from the briefing; its tool calls pass the gates below");
        }
        if (checks.isEmpty()) {
            out.add("Checks: none");
        } else {
            out.add("Checks (run afterwards in a separate sandbox):");
            for (VerificationCheck check : checks) {
                out.add("  - " + check.name() + ": " + check.run() + (check.network() ? "  [NETWORK]" : "")
                        + (check.cwd() == null ? "" : "  [cwd " + check.cwd() + "]"));
            }
        }
        if (!gates.isEmpty()) {
            out.add("Gates from the plan (may block or ask, never change what runs):");
            for (Gate gate : gates) {
                String script = gate.checkCommand() != null ? gate.checkCommand() : gate.check();
                out.add("  - " + gate.name() + " on " + gate.trigger().name().toLowerCase(Locale.ROOT) + " via "
                        + gate.provider() + (script == null ? "" : ": " + script));
            }
        }
        if (!skills.isEmpty()) {
            out.add("Skills: " + String.join(", ", skills));
        }
        if (followUpOf != null) {
            out.add("Imports artifacts " + inputArtifacts + " of work item " + followUpOf);
        }
        if (budget != null) {
            out.add("Budget: " + budget.maxAttempts() + " attempts, " + budget.maxTokens() + " tokens, $"
                    + budget.maxCostUsd() + ", " + budget.maxWallTimeSeconds() + " s, " + budget.maxPlannerCalls()
                    + " planner calls");
        }
        if (schedule != null) {
            out.add("Schedule: " + schedule);
        }
        if (!riskReasons.isEmpty()) {
            out.add("Risk because: " + String.join("; ", riskReasons));
        }
        return List.copyOf(out);
    }
}
