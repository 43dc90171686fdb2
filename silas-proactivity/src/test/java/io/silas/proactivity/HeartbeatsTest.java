package io.silas.proactivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.AutonomyReviewCard;
import io.silas.core.channel.BatchReviewCard;
import io.silas.core.channel.Card;
import io.silas.core.channel.CardAudit;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.OwnerChannel;
import io.silas.core.channel.SuggestionCard;
import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.proactivity.AutonomyCalibrator;
import io.silas.core.proactivity.AutonomyThresholdChange;
import io.silas.core.proactivity.AutonomyThresholdDecision;
import io.silas.core.proactivity.AutonomyThresholdProposal;
import io.silas.core.proactivity.AutonomyThresholds;
import io.silas.core.proactivity.BatchActionDecision;
import io.silas.core.proactivity.BatchActionItem;
import io.silas.core.proactivity.BatchActionVerdict;
import io.silas.core.proactivity.BatchProposal;
import io.silas.core.proactivity.CorrectionOutcome;
import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.proactivity.SuggestionEngine;
import io.silas.core.proactivity.SuggestionOutcome;
import io.silas.core.proactivity.SuggestionProposal;
import io.silas.core.proactivity.SuggestionSignal;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.RiskLevel;
import io.silas.core.work.WorkItemResult;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Heartbeats} on a {@link ManualScheduler} with a test clock, a real SQLite review queue, real Ed25519
 * approvals and a real rich-card prompter over a recording channel. No Stream and no user turn exists here:
 * every card is produced by a scheduler tick alone.
 */
class HeartbeatsTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:30Z");
    private static final String A = "owner";
    private static final String B = "team";
    private static final String CONN_A = "conn-a";
    private static final String CONN_B = "conn-b";
    /** The owner's connection: every scope's cards go here, never to the scope's own connection. */
    private static final String OWNER = "owner-console";
    private static final OwnerChannel OWNER_CHANNEL = OwnerChannel.of(OWNER);
    private static final String FAMILY = "email.archive";

    @TempDir
    Path dir;

    private final SilasConfig config = SilasConfig.defaults();
    private final MutableClock clock = new MutableClock(START);
    private final AuditLog audit = AuditLog.inMemory(clock);
    private final RecordingCardChannel channel = new RecordingCardChannel();
    private final List<SuggestionProposal> accepted = new ArrayList<>();
    private ScheduledThreadPoolExecutor timers;
    private SqliteStores stores;
    private ReviewQueueStore queue;
    private CardPrompter prompter;
    private SuggestionEngine suggestions;
    private AutonomyCalibrator calibrator;
    private ApprovalEngine approvals;
    private ManualScheduler scheduler;

    @BeforeEach
    void setUp() {
        timers = new ScheduledThreadPoolExecutor(1);
        stores = SqliteStores.open(dir.resolve("silas.db"), clock);
        queue = stores.reviewQueueStore();
        prompter = CardPrompter.rich(channel, clock, timers);
        suggestions = Proactivity.suggestions(config, queue, (scope, now) -> List.of(new SuggestionSignal(
                        SuggestionSignal.Kind.CONNECTION_WARNING, scope.equals(A) ? "gmail" : "slack",
                        "Reconnect " + (scope.equals(A) ? "Gmail" : "Slack"), "The token expires tomorrow",
                        RiskLevel.MEDIUM, null)),
                audit, clock, IdGenerator.random());
        approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate()).nonceStore(stores.nonceStore())
                .audit(audit).clock(clock).build();
        calibrator = Proactivity.calibrator(config, baseline(), queue, approvals, audit, clock, IdGenerator.random());
        scheduler = Proactivity.manualScheduler(ZoneOffset.UTC, clock, audit);
    }

    @AfterEach
    void tearDown() {
        scheduler.close();
        timers.shutdownNow();
        stores.close();
    }

    @Test
    void register_defaultCrons_suggestionsEvery15MinutesAutonomyHourly() {
        List<ScheduledJob> jobs = heartbeats(ScopeDirectory.of(List.of(new ActiveScope(A, CONN_A))))
                .register(scheduler, OWNER_CHANNEL);

        assertThat(jobs).extracting(ScheduledJob::name)
                .containsExactly(Heartbeats.SUGGESTIONS_JOB, Heartbeats.AUTONOMY_JOB);
        assertThat(scheduler.job(Heartbeats.SUGGESTIONS_JOB)).get().extracting(ScheduledJob::nextRunAt)
                .isEqualTo(Instant.parse("2026-03-02T09:15:00Z"));
        assertThat(scheduler.job(Heartbeats.AUTONOMY_JOB)).get().extracting(ScheduledJob::nextRunAt)
                .isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
    }

    @Test
    void registerAndTicks_audited_alsoATickThatSurfacesNothing() {
        heartbeats(twoScopes()).register(scheduler, OWNER_CHANNEL);
        assertThat(audit.findByEvent(Heartbeats.EVENT_REGISTERED)).extracting(e -> e.data().path("job").asText()
                + " " + e.data().path("schedule").asText())
                .containsExactly(Heartbeats.SUGGESTIONS_JOB + " cron */15 * * * *",
                        Heartbeats.AUTONOMY_JOB + " cron " + Heartbeats.DEFAULT_AUTONOMY_CRON);

        clock.set(Instant.parse("2026-03-02T09:15:00Z"));
        scheduler.tick();
        clock.set(Instant.parse("2026-03-02T09:30:00Z"));
        scheduler.tick();

        assertThat(audit.findByEvent(Heartbeats.EVENT_TICK)).extracting(e -> e.data().path("job").asText() + " "
                        + e.data().path("scopes_polled").asInt() + " " + e.data().path("items_surfaced").asInt())
                .containsExactly(Heartbeats.SUGGESTIONS_JOB + " 2 2", Heartbeats.SUGGESTIONS_JOB + " 2 0");
    }

    @Test
    void suggestionTick_atCronBoundary_cardsReachOnlyTheOwnerNamingTheirScope() {
        heartbeats(twoScopes()).register(scheduler, OWNER_CHANNEL);

        clock.set(Instant.parse("2026-03-02T09:14:59Z"));
        assertThat(scheduler.tick()).isEmpty();
        assertThat(channel.cards()).isEmpty();

        clock.set(Instant.parse("2026-03-02T09:15:00Z"));
        assertThat(scheduler.tick()).containsExactly(Heartbeats.SUGGESTIONS_JOB);

        SuggestionProposal a = single(queue.pendingSuggestions(A));
        SuggestionProposal b = single(queue.pendingSuggestions(B));
        assertThat(cardsFor(A)).singleElement().isInstanceOfSatisfying(SuggestionCard.class, card -> {
            assertThat(card.suggestionId()).isEqualTo(a.suggestionId());
            assertThat(card.intent()).isEqualTo("Reconnect Gmail");
        });
        assertThat(cardsFor(B)).singleElement().isInstanceOfSatisfying(SuggestionCard.class,
                card -> assertThat(card.suggestionId()).isEqualTo(b.suggestionId()));
        assertThat(channel.cards()).hasSize(2);
        assertThat(channel.cardsTo(CONN_A)).isEmpty();
        assertThat(channel.cardsTo(CONN_B)).isEmpty();
        assertThat(prompter.pendingCount()).as("the tick returned without waiting for answers").isEqualTo(2);
        assertThat(channel.texts()).isEmpty();
    }

    @Test
    void suggestionCard_answeredByTheScopesOwnConnection_ignored() {
        heartbeats(twoScopes()).register(scheduler, OWNER_CHANNEL);
        tickAt("2026-03-02T09:15:00Z");
        Card cardForA = cardsFor(A).get(0);

        assertThat(prompter.answer(CONN_B, cardForA.cardId(), SuggestionCard.ACCEPT)).isFalse();

        assertThat(queue.pendingSuggestions(A)).hasSize(1);
        assertThat(accepted).isEmpty();
    }

    @Test
    void suggestionCard_accept_marksHandledAcceptedAndNotifiesHost() {
        heartbeats(twoScopes()).register(scheduler, OWNER_CHANNEL);
        tickAt("2026-03-02T09:15:00Z");
        SuggestionProposal a = single(queue.pendingSuggestions(A));

        assertThat(prompter.answer(OWNER, cardsFor(A).get(0).cardId(), SuggestionCard.ACCEPT)).isTrue();

        assertThat(queue.pendingSuggestions(A)).isEmpty();
        assertThat(queue.pendingSuggestions(B)).as("scope B untouched").hasSize(1);
        assertThat(handledOutcomes()).containsExactly(A + ":accepted");
        assertThat(accepted).containsExactly(a);
        assertThat(suggestions.markHandled(A, a.suggestionId(), SuggestionOutcome.DISMISSED))
                .as("handled exactly once").isFalse();
    }

    @Test
    void suggestionCard_timeout_deferredAndCooledDown() {
        heartbeats(twoScopes()).register(scheduler, OWNER_CHANNEL);
        tickAt("2026-03-02T09:15:00Z");

        clock.advance(Duration.ofSeconds(SuggestionCard.DEFAULT_TIMEOUT_SECONDS));
        assertThat(prompter.expireDue()).isEqualTo(2);

        assertThat(queue.pendingSuggestions(A)).isEmpty();
        assertThat(queue.pendingSuggestions(B)).isEmpty();
        assertThat(handledOutcomes()).containsExactlyInAnyOrder(A + ":deferred", B + ":deferred");
        assertThat(accepted).isEmpty();
        assertThat(audit.findByEvent(CardAudit.EVENT_CARD_DEFAULTED)).hasSize(2).allSatisfy(e -> {
            assertThat(e.data().get("card_kind").asText()).isEqualTo("suggestion");
            assertThat(e.data().get("source").asText()).isEqualTo("timeout");
            assertThat(e.data().get("error_code").asText()).isEqualTo(ErrorCode.CHANNEL_TIMEOUT.id());
        });

        tickAt("2026-03-02T09:30:00Z");
        assertThat(channel.cards()).as("cooldown: not suggested again").hasSize(2);
    }

    @Test
    void autonomyCard_approve_appliesThroughVerifiedToken() {
        recordOutcomes(B, 30, 0);
        heartbeats(twoScopes()).register(scheduler, OWNER_CHANNEL);

        assertThat(tickAt("2026-03-02T10:00:00Z")).contains(Heartbeats.AUTONOMY_JOB);

        AutonomyThresholdProposal proposal = single(queue.pendingAutonomyProposals(B));
        assertThat(queue.pendingAutonomyProposals(A)).isEmpty();
        AutonomyReviewCard card = autonomyCardTo(B);
        assertThat(card.proposalId()).isEqualTo(proposal.proposalId());
        assertThat(autonomyCards(A)).isEmpty();
        assertThat(audit.findByEvent(ApprovalEngine.EVENT_ISSUED)).as("nothing minted before the tap").isEmpty();

        assertThat(prompter.answer(OWNER, card.cardId(), AutonomyReviewCard.APPROVE)).isTrue();

        AutonomyThresholds expected = baseline();
        for (AutonomyThresholdChange change : proposal.changes()) {
            expected = expected.with(change.key(), change.proposedValue());
        }
        assertThat(calibrator.thresholds(B)).isEqualTo(expected).isNotEqualTo(baseline());
        assertThat(calibrator.thresholds(A)).isEqualTo(baseline());
        assertThat(queue.pendingAutonomyProposals(B)).isEmpty();
        assertThat(audit.findByEvent(ApprovalEngine.EVENT_ISSUED)).hasSize(1);
        assertThat(audit.findByEvent(ApprovalEngine.EVENT_VERIFIED)).isNotEmpty();
        assertThat(audit.findByEvent(ApprovalEngine.EVENT_DENIED)).isEmpty();
        assertThat(audit.findByEvent(AutonomyCalibrator.EVENT_CHANGED)).hasSize(1);
        assertThat(audit.findByEvent(Heartbeats.EVENT_ANSWER_FAILED)).isEmpty();
    }

    @Test
    void autonomyCard_timeout_declinesAndNeverWidens() {
        recordOutcomes(B, 30, 0);
        heartbeats(twoScopes()).register(scheduler, OWNER_CHANNEL);
        tickAt("2026-03-02T10:00:00Z");
        assertThat(autonomyCardTo(B)).isNotNull();

        clock.advance(Duration.ofSeconds(AutonomyReviewCard.DEFAULT_TIMEOUT_SECONDS));
        prompter.expireDue();

        assertThat(calibrator.thresholds(B)).isEqualTo(baseline());
        assertThat(queue.pendingAutonomyProposals(B)).isEmpty();
        assertThat(audit.findByEvent(AutonomyCalibrator.EVENT_DECLINED)).hasSize(1);
        assertThat(audit.findByEvent(AutonomyCalibrator.EVENT_CHANGED)).isEmpty();
        assertThat(audit.findByEvent(ApprovalEngine.EVENT_ISSUED)).isEmpty();
        assertThat(audit.findByEvent(CardAudit.EVENT_CARD_DEFAULTED)).filteredOn(
                e -> e.data().get("card_kind").asText().equals("autonomy_review")).singleElement().satisfies(e -> {
            assertThat(e.data().get("scope_id").asText()).isEqualTo(B);
            assertThat(e.data().get("error_code").asText()).isEqualTo(ErrorCode.CHANNEL_TIMEOUT.id());
        });
    }

    @Test
    void autonomyCard_tightenNow_appliesWithoutToken() {
        recordOutcomes(B, 24, 6);
        heartbeats(twoScopes()).register(scheduler, OWNER_CHANNEL);
        tickAt("2026-03-02T10:00:00Z");
        AutonomyThresholdProposal proposal = single(queue.pendingAutonomyProposals(B));

        assertThat(prompter.answer(OWNER, autonomyCardTo(B).cardId(), AutonomyReviewCard.TIGHTEN_NOW))
                .isTrue();

        AutonomyThresholds expected = baseline();
        for (AutonomyThresholdChange change : proposal.changes()) {
            expected = expected.with(change.key(), change.proposedValue());
        }
        assertThat(calibrator.thresholds(B)).isEqualTo(expected).isNotEqualTo(baseline());
        assertThat(queue.pendingAutonomyProposals(B)).isEmpty();
        assertThat(audit.findByEvent(AutonomyCalibrator.EVENT_CHANGED)).hasSize(1);
        assertThat(audit.findByEvent(ApprovalEngine.EVENT_ISSUED)).isEmpty();
    }

    @Test
    void autonomyCard_approveForProposalNoLongerPending_auditedAndNothingChanges() {
        recordOutcomes(B, 30, 0);
        heartbeats(twoScopes()).register(scheduler, OWNER_CHANNEL);
        tickAt("2026-03-02T10:00:00Z");
        AutonomyThresholdProposal proposal = single(queue.pendingAutonomyProposals(B));
        calibrator.apply(proposal, AutonomyThresholdDecision.DECLINE, null);

        assertThat(prompter.answer(OWNER, autonomyCardTo(B).cardId(), AutonomyReviewCard.APPROVE)).isTrue();

        assertThat(calibrator.thresholds(B)).isEqualTo(baseline());
        assertThat(audit.findByEvent(Heartbeats.EVENT_ANSWER_FAILED)).isNotEmpty().allSatisfy(e -> {
            assertThat(e.data().get("job").asText()).isEqualTo(Heartbeats.AUTONOMY_JOB);
            assertThat(e.data().get("scope_id").asText()).isEqualTo(B);
        });
        assertThat(audit.findByEvent(AutonomyCalibrator.EVENT_CHANGED)).isEmpty();
    }

    @Test
    void tick_oneScopesEngineThrows_auditedAndOtherScopeStillGetsCard() {
        SuggestionEngine failingForBroken = new ScopeFailingEngine(suggestions, "broken");
        Heartbeats heartbeats = Proactivity.heartbeats(config, ScopeDirectory.of(List.of(
                        new ActiveScope("broken", "conn-x"), new ActiveScope(A, CONN_A))), prompter, audit, clock)
                .suggestions(failingForBroken).build();
        heartbeats.register(scheduler, OWNER_CHANNEL);

        assertThat(tickAt("2026-03-02T09:15:00Z")).containsExactly(Heartbeats.SUGGESTIONS_JOB);

        assertThat(audit.findByEvent(Heartbeats.EVENT_SCOPE_FAILED)).singleElement().satisfies(e -> {
            assertThat(e.data().get("job").asText()).isEqualTo(Heartbeats.SUGGESTIONS_JOB);
            assertThat(e.data().get("scope_id").asText()).isEqualTo("broken");
            assertThat(e.data().get("exception").asText()).isEqualTo(SilasException.class.getName());
        });
        assertThat(audit.findByEvent("scheduled_job_failed")).isEmpty();
        assertThat(cardsFor("broken")).isEmpty();
        assertThat(cardsFor(A)).hasSize(1);
    }

    @Test
    void build_withoutEngines_invalidInput() {
        assertThatThrownBy(() -> Proactivity.heartbeats(config, twoScopes(), prompter, audit, clock).build())
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    private static BatchProposal batch(String id) {
        return new BatchProposal(id, "goal-inbox", FAMILY, List.of(
                new BatchActionItem("m1", "Newsletter", "news@a", START, "older than a week", 0.95),
                new BatchActionItem("m2", "Invoice", "billing@b", START, "unusual sender", 0.55),
                new BatchActionItem("m3", "Digest", "news@c", START, "", 0.90)), "Old newsletters", 0.55, START);
    }

    @Test
    void resendPending_batches_cardPerScopeToOwner_answersRecordedAsDecisions() {
        queue.addBatch(A, batch("batch-a"));
        queue.addBatch(B, batch("batch-b"));
        queue.addBatch("gone", batch("batch-gone"));
        Heartbeats heartbeats = Proactivity.heartbeats(config, twoScopes(), prompter, audit, clock)
                .autonomy(calibrator, approvals).reviewQueue(queue).build();

        assertThat(heartbeats.resendPending(OWNER_CHANNEL)).isEqualTo(2);

        BatchReviewCard toA = (BatchReviewCard) cardsFor(A).get(0);
        BatchReviewCard toB = (BatchReviewCard) cardsFor(B).get(0);
        assertThat(toA.batchId()).isEqualTo("batch-a");
        assertThat(toA.preselectedItemIds()).containsExactly("m1", "m3");
        assertThat(toB.batchId()).isEqualTo("batch-b");
        assertThat(prompter.answer(CONN_B, toA.cardId(), "edit_selection:m1")).as("foreign tap").isFalse();
        assertThat(prompter.answer(OWNER, toA.cardId(), "edit_selection:m3,m1")).isTrue();
        clock.advance(Duration.ofSeconds(BatchReviewCard.DEFAULT_TIMEOUT_SECONDS));
        prompter.expireDue();

        assertThat(queue.pendingBatches(A)).isEmpty();
        assertThat(queue.pendingBatches(B)).isEmpty();
        assertThat(queue.pendingBatches("gone")).hasSize(1);
        assertThat(queue.decidedBatch(A, "batch-a").orElseThrow().decision()).isEqualTo(
                new BatchActionDecision(BatchActionVerdict.EDIT_SELECTION, List.of("m3", "m1")));
        assertThat(queue.decidedBatch(B, "batch-b").orElseThrow().decision()).isEqualTo(BatchActionDecision.decline());
        assertThat(queue.decidedBatch(B, "batch-a")).isEmpty();
        assertThat(audit.findByEvent(Heartbeats.EVENT_REVIEW_RESENT)).extracting(e -> e.data().get("kind").asText())
                .containsOnly("batch").hasSize(2);
        assertThat(audit.findByEvent(Heartbeats.EVENT_BATCH_DECIDED)).extracting(
                e -> e.data().get("scope_id").asText() + ":" + e.data().get("verdict").asText() + ":"
                        + e.data().get("defaulted").asBoolean())
                .containsExactlyInAnyOrder("owner:edit_selection:false", "team:decline:true");
        assertThat(audit.findByEvent(Heartbeats.EVENT_BATCH_DECIDED)).extracting(
                e -> e.data().get("source").asText() + ":" + e.data().path("error_code").asText("none"))
                .containsExactlyInAnyOrder("user:none", "timeout:" + ErrorCode.CHANNEL_TIMEOUT.id());
        assertThat(audit.findByEvent(Heartbeats.EVENT_ANSWER_FAILED)).isEmpty();
    }

    @Test
    void resendPending_batchAnswerArrivesTwice_decidedOnce() {
        queue.addBatch(A, batch("batch-a"));
        Heartbeats heartbeats = Proactivity.heartbeats(config, twoScopes(), prompter, audit, clock)
                .autonomy(calibrator, approvals).reviewQueue(queue).build();
        heartbeats.resendPending(OWNER_CHANNEL);
        BatchReviewCard card = (BatchReviewCard) cardsFor(A).get(0);

        assertThat(prompter.answer(OWNER, card.cardId(), BatchReviewCard.APPROVE)).isTrue();
        assertThat(prompter.answer(OWNER, card.cardId(), BatchReviewCard.DECLINE)).isFalse();

        assertThat(queue.decidedBatch(A, "batch-a").orElseThrow().decision().verdict())
                .isEqualTo(BatchActionVerdict.APPROVE);
        assertThat(audit.findByEvent(Heartbeats.EVENT_BATCH_DECIDED)).singleElement()
                .satisfies(e -> assertThat(e.data().get("source").asText()).isEqualTo("user"));
    }

    private Heartbeats heartbeats(ScopeDirectory scopes) {
        return Proactivity.heartbeats(config, scopes, prompter, audit, clock)
                .suggestions(suggestions).onSuggestionAccepted(accepted::add)
                .autonomy(calibrator, approvals).build();
    }

    private static ScopeDirectory twoScopes() {
        return ScopeDirectory.of(List.of(new ActiveScope(A, CONN_A), new ActiveScope(B, CONN_B)));
    }

    private AutonomyThresholds baseline() {
        return AutonomyThresholds.baseline(config);
    }

    private List<String> tickAt(String instant) {
        clock.set(Instant.parse(instant));
        return scheduler.tick();
    }

    private void recordOutcomes(String scope, int approved, int declined) {
        for (int i = 0; i < approved; i++) {
            calibrator.recordOutcome(scope, FAMILY, CorrectionOutcome.APPROVED);
        }
        for (int i = 0; i < declined; i++) {
            calibrator.recordOutcome(scope, FAMILY, CorrectionOutcome.DECLINED);
        }
    }

    /** Cards sent to the owner for {@code scope} (each names its scope). */
    private List<Card> cardsFor(String scope) {
        return channel.cardsTo(OWNER).stream().filter(c -> c.origin() != null && c.origin().scopeId().equals(scope))
                .toList();
    }

    private List<AutonomyReviewCard> autonomyCards(String scope) {
        return cardsFor(scope).stream().filter(AutonomyReviewCard.class::isInstance)
                .map(AutonomyReviewCard.class::cast).toList();
    }

    private AutonomyReviewCard autonomyCardTo(String scope) {
        List<AutonomyReviewCard> cards = autonomyCards(scope);
        assertThat(cards).hasSize(1);
        return cards.get(0);
    }

    private List<String> handledOutcomes() {
        return audit.findByEvent(SuggestionEngine.EVENT_HANDLED).stream().map(AuditEntry::data)
                .map(d -> d.get("scope_id").asText() + ":" + d.get("outcome").asText()).toList();
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    /** A host engine whose store fails for one scope; other scopes go to the real engine. */
    private record ScopeFailingEngine(SuggestionEngine delegate, String failingScope) implements SuggestionEngine {
        @Override
        public List<SuggestionProposal> generateIdle(String scopeId, Instant now) {
            if (scopeId.equals(failingScope)) {
                throw new SilasException(ErrorCode.DB_FAILURE, "review queue unavailable");
            }
            return delegate.generateIdle(scopeId, now);
        }

        @Override
        public List<SuggestionProposal> generatePostExecution(String scopeId, WorkItemResult result) {
            return delegate.generatePostExecution(scopeId, result);
        }

        @Override
        public boolean markHandled(String scopeId, String suggestionId, SuggestionOutcome outcome) {
            return delegate.markHandled(scopeId, suggestionId, outcome);
        }
    }
}
