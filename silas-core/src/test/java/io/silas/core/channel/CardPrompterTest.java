package io.silas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.approval.ApprovalVerdict;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.proactivity.AutonomyThresholdDecision;
import io.silas.core.proactivity.SuggestionOutcome;
import io.silas.core.trust.MutableClock;
import io.silas.core.vocabulary.RiskLevel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CardPrompterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T10:00:00Z"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** Records what a host channel would render; the test plays the user. */
    static final class RecordingChannel implements RichCardChannel {
        final List<String> sentTo = new ArrayList<>();
        final List<Card> cards = new ArrayList<>();
        final List<String> texts = new ArrayList<>();
        boolean failing;

        @Override
        public String name() {
            return "test";
        }

        @Override
        public synchronized void send(String recipientId, String text) {
            if (failing) {
                throw new SilasException(ErrorCode.CHANNEL_FAILURE, "down");
            }
            sentTo.add(recipientId);
            texts.add(text);
        }

        @Override
        public synchronized void sendCard(String recipientId, Card card) {
            if (failing) {
                throw new SilasException(ErrorCode.CHANNEL_FAILURE, "down");
            }
            sentTo.add(recipientId);
            cards.add(card);
        }
    }

    private static PlanApprovalCard plan(String id) {
        return PlanApprovalCard.of(id, "wi-1", "ab".repeat(32), "Fix the timezone bug", RiskLevel.MEDIUM,
                "Tests fail on DST boundaries.", "3 steps, pytest verification");
    }

    private static GateApprovalCard gate(String id) {
        return GateApprovalCard.of(id, "spend_limit", "250", "Spend $250", RiskLevel.HIGH, "Above auto-approve.");
    }

    @Nested
    class Rich {
        private final RecordingChannel channel = new RecordingChannel();
        private final CardPrompter prompter = CardPrompter.rich(channel, clock, scheduler);

        @Test
        void answer_fromAddressedConnection_resolvesWithUserChoice() {
            CompletableFuture<CardAnswer> answer = prompter.prompt("conn-a", plan("c1"));

            assertThat(channel.sentTo).containsExactly("conn-a");
            assertThat(prompter.answer("conn-a", "c1", PlanApprovalCard.APPROVE)).isTrue();

            assertThat(answer.join()).isEqualTo(new CardAnswer("c1", "approve", CardAnswer.Source.USER,
                    CardAnswer.Authentication.CONNECTION_TAP));
            assertThat(PlanApprovalCard.verdict(answer.join())).isEqualTo(ApprovalVerdict.APPROVED);
            assertThat(prompter.pendingCount()).isZero();
        }

        @Test
        void answer_fromAnotherConnection_ignoredAndCardStaysPending() {
            CompletableFuture<CardAnswer> answer = prompter.prompt("conn-a", plan("c1"));

            assertThat(prompter.answer("conn-b", "c1", PlanApprovalCard.APPROVE)).isFalse();

            assertThat(answer).isNotDone();
            assertThat(prompter.answer("conn-a", "c1", PlanApprovalCard.DECLINE)).isTrue();
            assertThat(PlanApprovalCard.verdict(answer.join())).isEqualTo(ApprovalVerdict.DECLINED);
        }

        @Test
        void answer_unknownVerdict_resolvesToSafeValue() {
            CompletableFuture<CardAnswer> answer = prompter.prompt("conn-a", gate("g1"));

            prompter.answer("conn-a", "g1", "approve_everything");

            assertThat(answer.join()).isEqualTo(new CardAnswer("g1", "block", CardAnswer.Source.INVALID));
            assertThat(GateApprovalCard.approved(answer.join())).isFalse();
        }

        @Test
        void answer_secondAnswer_ignored() {
            CompletableFuture<CardAnswer> answer = prompter.prompt("conn-a", gate("g1"));
            prompter.answer("conn-a", "g1", GateApprovalCard.BLOCK);

            assertThat(prompter.answer("conn-a", "g1", GateApprovalCard.APPROVE)).isFalse();
            assertThat(answer.join().value()).isEqualTo("block");
        }

        @Test
        void expireDue_planApprovalAfter300s_declined() {
            CompletableFuture<CardAnswer> answer = prompter.prompt("conn-a", plan("c1"));

            clock.advance(Duration.ofSeconds(299));
            assertThat(prompter.expireDue()).isZero();
            assertThat(answer).isNotDone();

            clock.advance(Duration.ofSeconds(1));
            assertThat(prompter.expireDue()).isEqualTo(1);
            assertThat(answer.join()).isEqualTo(new CardAnswer("c1", "decline", CardAnswer.Source.TIMEOUT));
            assertThat(PlanApprovalCard.verdict(answer.join())).isEqualTo(ApprovalVerdict.DECLINED);
        }

        @Test
        void expireDue_gateApprovalAfter120s_blocked() {
            CompletableFuture<CardAnswer> answer = prompter.prompt("conn-a", gate("g1"));

            clock.advance(Duration.ofSeconds(120));
            prompter.expireDue();

            assertThat(answer.join().value()).isEqualTo("block");
            assertThat(GateApprovalCard.approved(answer.join())).isFalse();
        }

        @Test
        void expireDue_suggestionAndAutonomy_notNowAndDecline() {
            CompletableFuture<CardAnswer> suggestion = prompter.prompt("conn-a",
                    SuggestionCard.of("s1", "sug-1", "Archive 10 newsletters", RiskLevel.LOW, "Unread for 30 days."));
            CompletableFuture<CardAnswer> autonomy = prompter.prompt("conn-a", AutonomyReviewCard.of("a1", "prop-1",
                    "Batch size 10 → 20", RiskLevel.MEDIUM, "2% corrections over 50 batches.", null));

            clock.advance(Duration.ofSeconds(300));
            assertThat(prompter.expireDue()).isEqualTo(2);

            assertThat(suggestion.join().value()).isEqualTo(SuggestionCard.NOT_NOW);
            assertThat(SuggestionCard.outcome(suggestion.join())).isEqualTo(SuggestionOutcome.DEFERRED);
            assertThat(autonomy.join().value()).isEqualTo(AutonomyReviewCard.DECLINE);
            assertThat(AutonomyReviewCard.decision(autonomy.join())).isEqualTo(AutonomyThresholdDecision.DECLINE);
        }

        @Test
        void disconnected_pendingCardsOfThatRecipientOnly_resolveToSafeValueAtOnce() {
            CompletableFuture<CardAnswer> a = prompter.prompt("conn-a", plan("c1"));
            CompletableFuture<CardAnswer> b = prompter.prompt("conn-b", plan("c2"));

            prompter.disconnected("conn-a");

            assertThat(a.join()).isEqualTo(new CardAnswer("c1", "decline", CardAnswer.Source.DISCONNECTED));
            assertThat(b).isNotDone();
        }

        @Test
        void prompt_deliveryFails_safeValueAtOnce() {
            channel.failing = true;

            CardAnswer answer = prompter.prompt("conn-a", gate("g1")).join();

            assertThat(answer).isEqualTo(new CardAnswer("g1", "block", CardAnswer.Source.CHANNEL_FAILURE));
            assertThat(prompter.pendingCount()).isZero();
        }

        @Test
        void prompt_duplicatePendingCardId_rejected() {
            prompter.prompt("conn-a", plan("c1"));

            assertThatThrownBy(() -> prompter.prompt("conn-a", plan("c1"))).isInstanceOf(SilasException.class)
                    .hasMessageContaining("card_id");
        }

        @Test
        void offerMessage_richChannel_neverConsumesText() {
            prompter.prompt("conn-a", plan("c1"));

            assertThat(prompter.offerMessage("conn-a", "1", true)).isFalse();
            assertThat(prompter.pendingCount()).isEqualTo(1);
        }

        @Test
        void scheduler_realTimer_resolvesAtDeadlineWithoutExpireDueCall() throws Exception {
            CardPrompter real = CardPrompter.rich(channel, Clock.systemUTC(), scheduler);
            GateApprovalCard shortCard = new GateApprovalCard("g9", "spend_limit", null, "Spend", RiskLevel.LOW, "r",
                    List.of(new CardAction("approve", "Allow"), new CardAction("block", "Block")), null, 1, null);

            CardAnswer answer = real.prompt("conn-a", shortCard).get(30, TimeUnit.SECONDS);

            assertThat(answer.source()).isEqualTo(CardAnswer.Source.TIMEOUT);
            assertThat(answer.value()).isEqualTo("block");
        }
    }

    @Nested
    class Text {
        private final RecordingChannel channel = new RecordingChannel();
        private final TextCardFallback prompter = TextCardFallback.over(channel, clock, scheduler);

        @Test
        void prompt_rendersIntentRiskRationaleAndNumberedOptions() {
            prompter.prompt("conn-a", plan("c1"));

            assertThat(channel.sentTo).containsExactly("conn-a");
            assertThat(channel.texts.get(0)).isEqualTo("""
                    [Decision needed] Fix the timezone bug
                    Risk: medium
                    Tests fail on DST boundaries.
                    3 steps, pytest verification
                    Plan hash: %s
                    What runs: not described by this card
                    Reply with a number:
                    1. Approve + execute
                    2. Decline
                    No reply within 300 s: Decline.""".formatted("ab".repeat(32)));
        }

        @Test
        void offerMessage_numberFromAddressedConnection_resolvesAndIsConsumed() {
            CompletableFuture<CardAnswer> answer = prompter.prompt("conn-a", plan("c1"));

            assertThat(prompter.offerMessage("conn-a", " 1. ", true)).isTrue();

            assertThat(answer.join()).isEqualTo(new CardAnswer("c1", "approve", CardAnswer.Source.USER,
                    CardAnswer.Authentication.OWNER_SIGNED_TEXT));
            assertThat(answer.join().ownerAuthenticated()).isTrue();
        }

        @Test
        void offerMessage_notOwnerSigned_neverConsumedAndCardStillPending() {
            CompletableFuture<CardAnswer> answer = prompter.prompt("conn-a", plan("c1"));

            assertThat(prompter.awaitsTextReply("conn-a")).isTrue();
            assertThat(prompter.offerMessage("conn-a", "1", false)).isFalse();
            assertThat(prompter.offerMessage("conn-a", "decline", false)).isFalse();

            assertThat(answer).isNotDone();
        }

        @Test
        void offerMessage_otherConnection_notConsumedAndCardStillPending() {
            CompletableFuture<CardAnswer> answer = prompter.prompt("conn-a", plan("c1"));

            assertThat(prompter.offerMessage("conn-b", "1", true)).isFalse();

            assertThat(answer).isNotDone();
        }

        @Test
        void offerMessage_labelOrValue_caseInsensitive() {
            CompletableFuture<CardAnswer> first = prompter.prompt("conn-a", gate("g1"));
            CompletableFuture<CardAnswer> second = prompter.prompt("conn-a", gate("g2"));

            prompter.offerMessage("conn-a", "allow!", true);
            prompter.offerMessage("conn-a", "BLOCK", true);

            assertThat(first.join().value()).isEqualTo("approve");
            assertThat(second.join().value()).isEqualTo("block");
        }

        @Test
        void offerMessage_unparseableReply_consumedAndFailsClosed() {
            CompletableFuture<CardAnswer> answer = prompter.prompt("conn-a", plan("c1"));

            assertThat(prompter.offerMessage("conn-a", "yes please, and also delete everything", true)).isTrue();

            assertThat(answer.join()).isEqualTo(new CardAnswer("c1", "decline", CardAnswer.Source.INVALID));
        }

        @Test
        void offerMessage_outOfRangeNumber_failsClosed() {
            CompletableFuture<CardAnswer> answer = prompter.prompt("conn-a", gate("g1"));

            prompter.offerMessage("conn-a", "3", true);

            assertThat(answer.join().value()).isEqualTo("block");
            assertThat(answer.join().defaulted()).isTrue();
        }

        @Test
        void offerMessage_noPendingCard_notConsumed() {
            assertThat(prompter.offerMessage("conn-a", "1", true)).isFalse();
        }

        @Test
        void expireDue_noReply_failsClosed() {
            CompletableFuture<CardAnswer> answer = prompter.prompt("conn-a", gate("g1"));

            clock.advance(Duration.ofSeconds(GateApprovalCard.DEFAULT_TIMEOUT_SECONDS));
            prompter.expireDue();

            assertThat(answer.join()).isEqualTo(new CardAnswer("g1", "block", CardAnswer.Source.TIMEOUT));
            assertThat(prompter.offerMessage("conn-a", "1", true)).isFalse();
        }
    }

    @Nested
    class Records {
        @Test
        void card_actionsOutOfOrder_rejected() {
            assertThatThrownBy(() -> new PlanApprovalCard("c", "wi", "h", "i", RiskLevel.LOW, "r",
                    List.of(new CardAction("decline", "No"), new CardAction("approve", "Yes")), null, null, 300,
                    io.silas.core.channel.PlanContents.unknown(), null))
                    .isInstanceOf(SilasException.class).hasMessageContaining("actions");
        }

        @Test
        void card_blankRationale_rejected() {
            assertThatThrownBy(() -> GateApprovalCard.of("g", "gate", null, "intent", RiskLevel.LOW, " "))
                    .isInstanceOf(SilasException.class).hasMessageContaining("rationale");
        }

        @Test
        void card_json_roundTripsWithTypeName() {
            Card card = plan("c1");

            String json = Json.write(card);

            assertThat(json).contains("\"card_type\":\"plan_approval\"").contains("\"risk_level\":\"medium\"")
                    .contains("\"consequence_label\"").doesNotContain("safe_value");
            assertThat(Json.read(json, Card.class)).isEqualTo(card);
        }

        @Test
        void detailsExpanded_highAndIrreversibleOnly() {
            assertThat(gate("g").detailsExpanded()).isTrue();
            assertThat(plan("c").detailsExpanded()).isFalse();
        }
    }
}
