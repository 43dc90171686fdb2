package io.silas.core.stream;

import io.silas.core.gate.EscalationStep;
import org.jspecify.annotations.Nullable;

/**
 * The user-facing text of a resolved escalation step, for the turn pipeline's block replies. The text always
 * comes from the escalation configuration (goal map or the built-in {@code polite_redirect}); this class holds no
 * refusal string of its own. Steps that carry no message ({@code report}, {@code spawn_task}) yield {@code null}:
 * nothing is sent to the sender; the block is audited, and a {@code report} notifies the owner ({@link OwnerReports}).
 */
final class Escalations {
    private Escalations() {
    }

    static @Nullable String replyText(EscalationStep step) {
        if (step instanceof EscalationStep.Respond respond) {
            return respond.message();
        }
        if (step instanceof EscalationStep.TransferToQueue transfer) {
            return transfer.message();
        }
        if (step instanceof EscalationStep.EscalateHuman human) {
            return human.message() != null ? human.message() : replyText(human.withoutHandoff());
        }
        if (step instanceof EscalationStep.SuppressAndEscalate suppress) {
            return suppress.message() != null ? suppress.message() : replyText(suppress.fallback());
        }
        if (step instanceof EscalationStep.SuppressAndRephrase rephrase) {
            return replyText(rephrase.fallback());
        }
        if (step instanceof EscalationStep.Retry retry) {
            return replyText(retry.fallback());
        }
        return null;
    }
}
