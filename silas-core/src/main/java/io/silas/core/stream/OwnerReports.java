package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import io.silas.core.channel.OwnerChannel;
import io.silas.core.gate.EscalationStep;

/**
 * The {@code report} escalation (docs/contracts.md#access-levels, {@link EscalationStep.Report}: "log the block to
 * audit and notify the owner"): the block is audited by {@link TurnGates}, and this sends the owner a short notice on
 * the owner's primary connection ({@code Stream.builder().ownerConnections(..)}, default {@code owner_id}) — never to
 * the sender — and audits {@value #EVENT_REPORTED}. Stateless.
 *
 * <p><b>Security guarantees:</b> the notice holds ids only (gate, lane, scope, connection, turn), never the blocked
 * text, so a hostile message is not relayed to the owner; a failed delivery is audited, never thrown into the turn.
 */
final class OwnerReports {
    /** Audit event of a {@code report} escalation's owner notice (scope, turn, gate, lane, recipient). */
    static final String EVENT_REPORTED = "escalation_reported";

    private OwnerReports() {
    }

    /** Notifies the owner when {@code step} is a {@code report}; does nothing for any other step. */
    static void notifyOwner(Basics deps, OwnerChannel owner, EscalationStep step, String scopeId, int turn, String connectionId,
                            String gate, String lane) {
        if (!(step instanceof EscalationStep.Report)) {
            return;
        }
        String recipient = owner.primary();
        AuditData data = AuditData.scope(scopeId);
        data.turn(turn);
        data.put("gate", gate);
        data.put("lane", lane);
        data.put("recipient", recipient);
        deps.audit().append(EVENT_REPORTED, data);
        Replies.sendOrAudit(deps.channel(), deps.audit(), scopeId, recipient, "Silas report: gate '" + gate
                + "' blocked the " + lane + " of turn " + turn + " in scope " + scopeId + " (connection "
                + connectionId + "). The details are in the audit log.");
    }
}
