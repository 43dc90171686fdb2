package io.silas.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.gate.EscalationStep;
import org.junit.jupiter.api.Test;

class EscalationsTest {
    @Test
    void replyText_respond_isConfiguredMessage() {
        assertThat(Escalations.replyText(new EscalationStep.Respond("Not here."))).isEqualTo("Not here.");
    }

    @Test
    void replyText_report_sendsNothing() {
        assertThat(Escalations.replyText(new EscalationStep.Report())).isNull();
        assertThat(Escalations.replyText(new EscalationStep.SpawnTask())).isNull();
    }

    @Test
    void replyText_withoutOwnMessage_usesFallbackChain() {
        EscalationStep step = new EscalationStep.SuppressAndEscalate(null,
                new EscalationStep.Retry(1, new EscalationStep.Respond("Try later.")));

        assertThat(Escalations.replyText(step)).isEqualTo("Try later.");
    }

    @Test
    void replyText_escalateHumanWithMessage_usesIt() {
        EscalationStep step = new EscalationStep.EscalateHuman("A person will follow up.",
                new EscalationStep.Report());

        assertThat(Escalations.replyText(step)).isEqualTo("A person will follow up.");
    }

    @Test
    void replyText_transferToQueue_usesItsMessage() {
        assertThat(Escalations.replyText(new EscalationStep.TransferToQueue("support", "Transferring you.")))
                .isEqualTo("Transferring you.");
    }
}
