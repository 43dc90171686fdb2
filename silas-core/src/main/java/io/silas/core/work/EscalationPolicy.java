package io.silas.core.work;

import io.silas.core.audit.AuditLog;
import io.silas.core.gate.Gate;
import io.silas.core.gate.ResolvedEscalation;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns an escalation name (a gate's {@code on_block}, a work item's {@code on_failure}) into the step to run
 * (docs/contracts.md#gates).
 *
 * <p>Resolution order: (a) the active goal's {@code escalation} map, (b) the {@link #builtInDefaults() built-in
 * defaults}, (c) {@code report}, with an {@code escalation_unresolved} warning in the audit log. Fallback
 * names ({@code fallback} of {@code suppress_and_rephrase}, {@code suppress_and_escalate}, {@code retry}) are
 * resolved the same way; a missing fallback is {@code report}, and a fallback cycle ends in {@code report} with
 * an {@code escalation_unresolved} warning. {@code escalate_human} carries its no-handoff fallback:
 * {@code transfer_to_queue} when a queue is set, else {@code report}.
 *
 * <p>Implementations are thread-safe and never throw for unknown names.
 *
 * <p><b>Security guarantees:</b> escalation only decides what to tell the user and whom to notify; it can
 * never turn a block into a pass. The SDK's one refusal text lives in {@link #builtInDefaults()}.
 */
public interface EscalationPolicy {
    /** The message of the built-in {@code polite_redirect} escalation: the only refusal string in the SDK. */
    String POLITE_REDIRECT_MESSAGE = "I can't help with that. How else can I assist you?";

    /**
     * Resolves an escalation name.
     *
     * @param name       the escalation name ({@code on_block}, {@code on_failure})
     * @param activeGoal the active goal whose {@code escalation} map is consulted first; null when none is loaded
     * @return the resolved escalation
     */
    ResolvedEscalation resolve(String name, @Nullable WorkItem activeGoal);

    /**
     * Resolves the {@code on_block} escalation of a blocking gate (the unresolved warning names the gate).
     *
     * @param gate the gate
     * @param activeGoal optional plan file of the goal to schedule at startup (default none)
     * @return the resolved escalation
     */
    ResolvedEscalation resolveBlock(Gate gate, @Nullable WorkItem activeGoal);

    /**
     * {@return the default policy, auditing unresolved names to {@code audit}}
     *
     * @param audit the audit log
     */
    static EscalationPolicy defaults(AuditLog audit) {
        return new DefaultEscalationPolicy(audit);
    }

    /** {@return the built-in escalation map: {@code polite_redirect} → respond, {@code report} → report} */
    static Map<String, EscalationAction> builtInDefaults() {
        return DefaultEscalationPolicy.BUILT_IN;
    }
}
