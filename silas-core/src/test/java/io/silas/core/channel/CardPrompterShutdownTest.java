package io.silas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.approval.ApprovalVerdict;
import io.silas.core.error.ErrorCode;
import io.silas.core.trust.MutableClock;
import io.silas.core.vocabulary.RiskLevel;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CardPrompterShutdownTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T10:00:00Z"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final CardPrompterTest.RecordingChannel channel = new CardPrompterTest.RecordingChannel();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void resolveAllPending_everyRecipientsCards_resolvedWithSafeValuesAsShutdown() {
        CardPrompter prompter = CardPrompter.rich(channel, clock, scheduler);
        CompletableFuture<CardAnswer> plan = prompter.prompt("a", PlanApprovalCard.of("p1", "wi-1", "ab".repeat(32),
                "Fix it", RiskLevel.MEDIUM, "why", "body"));
        CompletableFuture<CardAnswer> gate = prompter.prompt("b", GateApprovalCard.of("g1", "spend_limit", "250",
                "Spend $250", RiskLevel.HIGH, "Above auto-approve."));

        assertThat(prompter.resolveAllPending()).isEqualTo(2);

        assertThat(plan.join()).isEqualTo(new CardAnswer("p1", "decline", CardAnswer.Source.SHUTDOWN));
        assertThat(PlanApprovalCard.verdict(plan.join())).isEqualTo(ApprovalVerdict.DECLINED);
        assertThat(gate.join().value()).isEqualTo(GateApprovalCard.of("g1", "spend_limit", "250", "Spend $250",
                RiskLevel.HIGH, "Above auto-approve.").safeValue());
        assertThat(gate.join().errorCode()).isNull();
        assertThat(prompter.pendingCount()).isZero();
        assertThat(prompter.resolveAllPending()).isZero();
        assertThat(prompter.answer("a", "p1", "approve")).isFalse();
    }

    @Test
    void errorCode_channelDefaults_mapToChannelTaxonomy() {
        assertThat(new CardAnswer("c", "decline", CardAnswer.Source.TIMEOUT).errorCode())
                .isEqualTo(ErrorCode.CHANNEL_TIMEOUT);
        assertThat(new CardAnswer("c", "decline", CardAnswer.Source.CHANNEL_FAILURE).errorCode())
                .isEqualTo(ErrorCode.CHANNEL_FAILURE);
        assertThat(new CardAnswer("c", "decline", CardAnswer.Source.DISCONNECTED).errorCode())
                .isEqualTo(ErrorCode.CHANNEL_FAILURE);
        assertThat(new CardAnswer("c", "approve", CardAnswer.Source.USER).errorCode()).isNull();
    }
}
