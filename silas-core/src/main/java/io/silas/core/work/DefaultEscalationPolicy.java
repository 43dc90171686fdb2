package io.silas.core.work;

import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.SilasException;
import io.silas.core.gate.EscalationStep;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateAuditEvents;
import io.silas.core.gate.ResolvedEscalation;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Goal map → built-in defaults → report (+ audit warning). Stateless apart from the audit log; thread-safe. */
final class DefaultEscalationPolicy implements EscalationPolicy {
    static final Map<String, EscalationAction> BUILT_IN = Map.of(
            "polite_redirect", EscalationAction.respond(POLITE_REDIRECT_MESSAGE),
            "report", EscalationAction.of(EscalationActionType.REPORT));

    private final AuditLog audit;

    DefaultEscalationPolicy(AuditLog audit) {
        if (audit == null) {
            throw SilasException.invalid("audit", "is required");
        }
        this.audit = audit;
    }

    @Override
    public ResolvedEscalation resolve(String name, @Nullable WorkItem activeGoal) {
        return resolve(name, activeGoal, null);
    }

    @Override
    public ResolvedEscalation resolveBlock(Gate gate, @Nullable WorkItem activeGoal) {
        if (gate == null) {
            throw SilasException.invalid("gate", "is required");
        }
        return resolve(gate.onBlock(), activeGoal, gate.name());
    }

    private ResolvedEscalation resolve(@Nullable String name, @Nullable WorkItem goal, @Nullable String gateName) {
        Map<String, EscalationAction> goalMap = goal == null ? Map.of() : goal.escalation();
        String key = name == null ? "" : name;
        Resolution r = new Resolution(goalMap, goal == null ? null : goal.id(), gateName);
        ResolvedEscalation.Source source = goalMap.containsKey(key) ? ResolvedEscalation.Source.GOAL
                : BUILT_IN.containsKey(key) ? ResolvedEscalation.Source.BUILT_IN
                : ResolvedEscalation.Source.UNRESOLVED;
        return new ResolvedEscalation(key, source, r.step(key, new HashSet<>()));
    }

    /** One resolution: follows fallbacks through the same map chain, detecting cycles. */
    private final class Resolution {
        private final Map<String, EscalationAction> goalMap;
        private final @Nullable String goalId;
        private final @Nullable String gateName;

        Resolution(Map<String, EscalationAction> goalMap, @Nullable String goalId, @Nullable String gateName) {
            this.goalMap = goalMap;
            this.goalId = goalId;
            this.gateName = gateName;
        }

        EscalationStep step(String name, Set<String> seen) {
            EscalationAction action = goalMap.containsKey(name) ? goalMap.get(name) : BUILT_IN.get(name);
            if (action == null) {
                warn(name, "not found in the goal escalation map or the built-in defaults");
                return new EscalationStep.Report();
            }
            if (!seen.add(name)) {
                warn(name, "fallback cycle");
                return new EscalationStep.Report();
            }
            return switch (action.action()) {
                case RESPOND -> new EscalationStep.Respond(action.message());
                case REPORT -> new EscalationStep.Report();
                case TRANSFER_TO_QUEUE -> new EscalationStep.TransferToQueue(action.queue(), action.message());
                case ESCALATE_HUMAN -> new EscalationStep.EscalateHuman(action.message(), action.queue() != null
                        ? new EscalationStep.TransferToQueue(action.queue(), action.message())
                        : new EscalationStep.Report());
                case SUPPRESS_AND_REPHRASE -> new EscalationStep.SuppressAndRephrase(action.instruction(),
                        action.maxRetries(), fallback(action, seen));
                case SUPPRESS_AND_ESCALATE -> new EscalationStep.SuppressAndEscalate(action.message(),
                        fallback(action, seen));
                case SPAWN_TASK -> new EscalationStep.SpawnTask();
                case RETRY -> new EscalationStep.Retry(action.maxRetries(), fallback(action, seen));
            };
        }

        private EscalationStep fallback(EscalationAction action, Set<String> seen) {
            return action.fallback() == null ? new EscalationStep.Report() : step(action.fallback(), seen);
        }

        private void warn(String name, String reason) {
            AuditData data = AuditData.create();
            data.put("escalation", name);
            data.reason(reason);
            data.put("resolved_to", "report");
            if (gateName != null) {
                data.put("gate", gateName);
            }
            if (goalId != null) {
                data.put("goal_id", goalId);
            }
            audit.append(GateAuditEvents.ESCALATION_UNRESOLVED, data);
        }
    }
}
