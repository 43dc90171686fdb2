package io.silas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.proactivity.BatchActionDecision;
import io.silas.core.proactivity.BatchActionItem;
import io.silas.core.proactivity.BatchActionVerdict;
import io.silas.core.proactivity.BatchProposal;
import io.silas.core.trust.MutableClock;
import io.silas.core.vocabulary.RiskLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchReviewCardTest {
    private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final CardPrompterTest.RecordingChannel channel = new CardPrompterTest.RecordingChannel();

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    private static BatchProposal batch() {
        return new BatchProposal("batch-7", "goal-inbox", "archive", List.of(
                new BatchActionItem("m1", "Newsletter A", "news@a", NOW, "older than a week", 0.95),
                new BatchActionItem("m2", "Invoice", "billing@b", NOW, "looks like a newsletter", 0.60),
                new BatchActionItem("m3", "Newsletter C", "news@c", NOW, "", 0.90)), "Old newsletters", 0.60, NOW);
    }

    private static BatchReviewCard card() {
        return BatchReviewCard.of("card-1", batch(), RiskLevel.MEDIUM, 0.85);
    }

    private BatchActionDecision tap(BatchReviewCard card, String value) {
        CardPrompter prompter = CardPrompter.rich(channel, clock, timers);
        CompletableFuture<CardAnswer> answer = prompter.prompt("owner", card);
        prompter.answer("owner", card.cardId(), value);
        return card.decision(answer.join());
    }

    @Test
    void of_highConfidenceItemsPrechecked_lowOnesFlagged_ctaOrderFixed() {
        BatchReviewCard card = card();

        assertThat(card.itemIds()).containsExactly("m1", "m2", "m3");
        assertThat(card.preselectedItemIds()).containsExactly("m1", "m3");
        assertThat(card.actions()).extracting(CardAction::value)
                .containsExactly(BatchReviewCard.APPROVE, BatchReviewCard.EDIT_SELECTION, BatchReviewCard.DECLINE);
        assertThat(card.actions()).extracting(CardAction::consequenceLabel)
                .containsExactly("archive all 3", "Only the 2 pre-checked", "Decline");
        assertThat(card.details()).contains("[ ] m2: Invoice (confidence 0.60) - looks like a newsletter [check]")
                .contains("[x] m1: Newsletter A");
        assertThat(card.safeValue()).isEqualTo(BatchReviewCard.DECLINE);
        assertThat(card.timeoutSeconds()).isEqualTo(BatchReviewCard.DEFAULT_TIMEOUT_SECONDS);
    }

    @Test
    void json_roundTripsWithCardType() {
        BatchReviewCard card = card();
        String json = Json.write(card);
        assertThat(json).contains("\"card_type\":\"batch_review\"").contains("\"preselected_item_ids\"");
        assertThat(Json.read(json, Card.class)).isEqualTo(card);
    }

    @Test
    void decision_approve_wholeBatch() {
        assertThat(tap(card(), BatchReviewCard.APPROVE))
                .isEqualTo(new BatchActionDecision(BatchActionVerdict.APPROVE, List.of()));
    }

    @Test
    void decision_bareEdit_selectsThePrecheckedItems() {
        assertThat(tap(card(), BatchReviewCard.EDIT_SELECTION))
                .isEqualTo(new BatchActionDecision(BatchActionVerdict.EDIT_SELECTION, List.of("m1", "m3")));
    }

    @Test
    void decision_editWithIds_selectsThemInTheOrderGiven() {
        assertThat(tap(card(), "edit_selection:m3, m2"))
                .isEqualTo(new BatchActionDecision(BatchActionVerdict.EDIT_SELECTION, List.of("m3", "m2")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"edit_selection:", "edit_selection:m1,m2,m3", "edit_selection:m1,m1",
            "edit_selection:m9", "edit_selection:m1,,m2", "archive", BatchReviewCard.DECLINE})
    void decision_invalidSelectionOrDecline_declines(String value) {
        assertThat(tap(card(), value)).isEqualTo(BatchActionDecision.decline());
    }

    @Test
    void decision_bareEditWithEveryItemPrechecked_declines() {
        BatchReviewCard all = BatchReviewCard.of("card-2", batch(), RiskLevel.MEDIUM, 0.5);
        assertThat(all.preselectedItemIds()).hasSize(3);
        assertThat(tap(all, BatchReviewCard.EDIT_SELECTION)).isEqualTo(BatchActionDecision.decline());
    }

    @Test
    void decision_timeoutOrDisconnect_declines() {
        CardPrompter prompter = CardPrompter.rich(channel, clock, timers);
        BatchReviewCard first = card();
        CompletableFuture<CardAnswer> timedOut = prompter.prompt("owner", first);
        clock.advance(Duration.ofSeconds(BatchReviewCard.DEFAULT_TIMEOUT_SECONDS));
        prompter.expireDue();
        BatchReviewCard second = BatchReviewCard.of("card-3", batch(), RiskLevel.MEDIUM, 0.85);
        CompletableFuture<CardAnswer> dropped = prompter.prompt("owner", second);
        prompter.disconnected("owner");

        assertThat(first.decision(timedOut.join())).isEqualTo(BatchActionDecision.decline());
        assertThat(timedOut.join().source()).isEqualTo(CardAnswer.Source.TIMEOUT);
        assertThat(second.decision(dropped.join())).isEqualTo(BatchActionDecision.decline());
        assertThat(dropped.join().source()).isEqualTo(CardAnswer.Source.DISCONNECTED);
    }

    @Test
    void textFallback_numberTwo_isTheBareEdit() {
        RecordingTextChannel text = new RecordingTextChannel();
        CardPrompter prompter = CardPrompter.text(text, clock, timers);
        BatchReviewCard card = card();
        CompletableFuture<CardAnswer> answer = prompter.prompt("owner", card);

        assertThat(text.last).contains("2. Only the 2 pre-checked").contains("No reply within 300 s: Decline.");
        assertThat(prompter.offerMessage("owner", "2", true)).isTrue();
        assertThat(card.decision(answer.join()).selectedItemIds()).containsExactly("m1", "m3");
    }

    @Test
    void constructor_preselectionOutsideTheBatch_rejected() {
        BatchReviewCard card = card();
        assertThatThrownBy(() -> new BatchReviewCard("c", "b", List.of("m1"), List.of("m2"), "i", RiskLevel.MEDIUM,
                "r", card.actions(), null, 10, null)).isInstanceOfSatisfying(SilasException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("preselected_item_ids");
                });
        assertThatThrownBy(() -> new BatchReviewCard("c", "b", List.of(), List.of(), "i", RiskLevel.MEDIUM,
                "r", card.actions(), null, 10, null)).isInstanceOf(SilasException.class).hasMessageContaining("item_ids");
    }

    /** A plain channel that keeps the last text it was asked to send. */
    private static final class RecordingTextChannel implements ChannelAdapter {
        volatile String last = "";

        @Override
        public String name() {
            return "text";
        }

        @Override
        public void send(String recipientId, String text) {
            last = text;
        }
    }
}
