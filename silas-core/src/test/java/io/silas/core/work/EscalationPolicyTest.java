package io.silas.core.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.gate.EscalationStep;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateAuditEvents;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.ResolvedEscalation;
import io.silas.core.vocabulary.WorkItemType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscalationPolicyTest {
    private final AuditLog audit = AuditLog.inMemory(Clock.systemUTC());
    private final EscalationPolicy policy = EscalationPolicy.defaults(audit);

    private static WorkItem goal(Map<String, EscalationAction> escalation) {
        return WorkItem.builder("goal-1", WorkItemType.GOAL, "support").body("help customers")
                .schedule(WorkItem.ALWAYS_ON).escalation(escalation).build();
    }

    private static EscalationAction action(EscalationActionType type, String queue, String message,
                                           String instruction, int retries, String fallback) {
        return new EscalationAction(type, queue, message, instruction, retries, fallback);
    }

    private static Gate gate(String onBlock) {
        return Gate.builder("g1", GateTrigger.EVERY_USER_MESSAGE).onBlock(onBlock).build();
    }

    @Test
    void resolve_politeRedirectWithoutGoal_builtInRespond() {
        ResolvedEscalation r = policy.resolveBlock(gate("polite_redirect"), null);
        assertThat(r.source()).isEqualTo(ResolvedEscalation.Source.BUILT_IN);
        assertThat(r.step()).isEqualTo(new EscalationStep.Respond("I can't help with that. How else can I assist you?"));
        assertThat(audit.size()).isZero();
    }

    @Test
    void resolve_reportBuiltIn_report() {
        assertThat(policy.resolve("report", null).step()).isEqualTo(new EscalationStep.Report());
    }

    @Test
    void resolve_goalMapOverridesBuiltIn() {
        WorkItem g = goal(Map.of("polite_redirect", EscalationAction.respond("Sorry, ask our team.")));
        ResolvedEscalation r = policy.resolve("polite_redirect", g);
        assertThat(r.source()).isEqualTo(ResolvedEscalation.Source.GOAL);
        assertThat(r.step()).isEqualTo(new EscalationStep.Respond("Sorry, ask our team."));
    }

    @Test
    void resolve_unknownName_reportAndAuditWarning() {
        ResolvedEscalation r = policy.resolveBlock(gate("nonexistent"), goal(Map.of()));
        assertThat(r.source()).isEqualTo(ResolvedEscalation.Source.UNRESOLVED);
        assertThat(r.step()).isEqualTo(new EscalationStep.Report());
        List<AuditEntry> warnings = audit.findByEvent(GateAuditEvents.ESCALATION_UNRESOLVED);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).data().toString()).contains("nonexistent").contains("g1").contains("goal-1");
    }

    @Test
    void resolve_escalateHumanWithQueue_fallsBackToTransfer() {
        WorkItem g = goal(Map.of("human", action(EscalationActionType.ESCALATE_HUMAN, "support-l2", "One moment.",
                null, 2, null)));
        assertThat(policy.resolve("human", g).step()).isEqualTo(new EscalationStep.EscalateHuman("One moment.",
                new EscalationStep.TransferToQueue("support-l2", "One moment.")));
    }

    @Test
    void resolve_escalateHumanWithoutQueue_fallsBackToReport() {
        WorkItem g = goal(Map.of("human", EscalationAction.of(EscalationActionType.ESCALATE_HUMAN)));
        assertThat(policy.resolve("human", g).step())
                .isEqualTo(new EscalationStep.EscalateHuman(null, new EscalationStep.Report()));
    }

    @Test
    void resolve_transferToQueue() {
        WorkItem g = goal(Map.of("q", action(EscalationActionType.TRANSFER_TO_QUEUE, "billing", "Transferring.",
                null, 2, null)));
        assertThat(policy.resolve("q", g).step()).isEqualTo(new EscalationStep.TransferToQueue("billing", "Transferring."));
    }

    @Test
    void resolve_suppressAndRephrase_retriesThenResolvedFallback() {
        WorkItem g = goal(Map.of(
                "rephrase", action(EscalationActionType.SUPPRESS_AND_REPHRASE, null, null, "Do not give advice.", 3,
                        "polite_redirect")));
        assertThat(policy.resolve("rephrase", g).step()).isEqualTo(new EscalationStep.SuppressAndRephrase(
                "Do not give advice.", 3, new EscalationStep.Respond(EscalationPolicy.POLITE_REDIRECT_MESSAGE)));
    }

    @Test
    void resolve_suppressAndEscalate_fallbackChainThroughGoal() {
        WorkItem g = goal(Map.of(
                "sae", action(EscalationActionType.SUPPRESS_AND_ESCALATE, null, "Let me get someone.", null, 2, "q"),
                "q", action(EscalationActionType.TRANSFER_TO_QUEUE, "humans", null, null, 2, null)));
        assertThat(policy.resolve("sae", g).step()).isEqualTo(new EscalationStep.SuppressAndEscalate(
                "Let me get someone.", new EscalationStep.TransferToQueue("humans", null)));
    }

    @Test
    void resolve_retryWithoutFallback_report() {
        WorkItem g = goal(Map.of("again", action(EscalationActionType.RETRY, null, null, null, 1, null)));
        assertThat(policy.resolve("again", g).step())
                .isEqualTo(new EscalationStep.Retry(1, new EscalationStep.Report()));
    }

    @Test
    void resolve_spawnTask() {
        WorkItem g = goal(Map.of("fix", EscalationAction.of(EscalationActionType.SPAWN_TASK)));
        assertThat(policy.resolve("fix", g).step()).isEqualTo(new EscalationStep.SpawnTask());
    }

    @Test
    void resolve_fallbackCycle_reportAndAudited() {
        WorkItem g = goal(Map.of(
                "a", action(EscalationActionType.RETRY, null, null, null, 1, "b"),
                "b", action(EscalationActionType.RETRY, null, null, null, 1, "a")));
        assertThat(policy.resolve("a", g).step()).isEqualTo(new EscalationStep.Retry(1,
                new EscalationStep.Retry(1, new EscalationStep.Report())));
        assertThat(audit.findByEvent(GateAuditEvents.ESCALATION_UNRESOLVED)).hasSize(1);
    }

    @Test
    void resolve_unknownFallback_reportAndAudited() {
        WorkItem g = goal(Map.of("a", action(EscalationActionType.RETRY, null, null, null, 1, "missing")));
        assertThat(policy.resolve("a", g).step()).isEqualTo(new EscalationStep.Retry(1, new EscalationStep.Report()));
        assertThat(audit.findByEvent(GateAuditEvents.ESCALATION_UNRESOLVED)).hasSize(1);
    }
}
