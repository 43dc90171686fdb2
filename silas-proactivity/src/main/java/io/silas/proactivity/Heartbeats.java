package io.silas.proactivity;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.AutonomyReviewCard;
import io.silas.core.channel.BatchReviewCard;
import io.silas.core.channel.Card;
import io.silas.core.channel.CardAnswer;
import io.silas.core.channel.CardAudit;
import io.silas.core.channel.CardOrigin;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.OwnerApprovals;
import io.silas.core.channel.OwnerChannel;
import io.silas.core.channel.SuggestionCard;
import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.proactivity.AutonomyCalibrator;
import io.silas.core.proactivity.AutonomyThresholdDecision;
import io.silas.core.proactivity.AutonomyThresholdProposal;
import io.silas.core.proactivity.BatchActionDecision;
import io.silas.core.proactivity.BatchProposal;
import io.silas.core.proactivity.CorrectionOutcome;
import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.proactivity.SuggestionEngine;
import io.silas.core.proactivity.SuggestionOutcome;
import io.silas.core.proactivity.SuggestionProposal;
import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import io.silas.core.stream.HeartbeatJobs;
import io.silas.core.vocabulary.RiskLevel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proactive heartbeat loops (docs/contracts.md#proactivity-and-autonomy), run by a {@link Scheduler} and never from
 * inside a turn: {@value #SUGGESTIONS_JOB} (cron {@code suggestions.heartbeat_cron}, default every 15 minutes) and
 * {@value #AUTONOMY_JOB} (cron {@value #DEFAULT_AUTONOMY_CRON}, hourly, unless the builder sets another).
 *
 * <p>Each tick polls every {@link ScopeDirectory#activeScopes() active scope}: the suggestion loop calls
 * {@link SuggestionEngine#generateIdle}, the autonomy loop {@link AutonomyCalibrator#evaluate}; the engines put
 * what they generate in that scope's review queue, and this class sends one card per new proposal to the
 * <b>owner's</b> primary connection (the {@link OwnerChannel} given to {@link #register}: the Stream passes its own
 * declared owner), the card naming the scope it is for. A tick only enqueues cards: it never waits for an answer. Answers are handled when the
 * card's future completes, on whichever thread completes it (a tap, the prompter's timer, {@code expireDue}):
 * <ul>
 *   <li>suggestion: {@link SuggestionEngine#markHandled} with {@link SuggestionCard#outcome} (accept → accepted,
 *       dismiss → dismissed, not now and every default such as a timeout → deferred); an accepted suggestion is
 *       then handed to the host's {@code onSuggestionAccepted} listener, which starts the normal plan and
 *       approval flow;</li>
 *   <li>autonomy review: approve → the approval engine mints an {@code autonomy_threshold} token for exactly this
 *       proposal, verifies (consumes) it, and {@link AutonomyCalibrator#apply} gets the verified copy;
 *       tighten_now → {@code apply(.., TIGHTEN_NOW, null)}; decline and every default (timeout, disconnect,
 *       invalid answer, delivery failure) → {@code apply(.., DECLINE, null)}. An approve that cannot be verified
 *       or applied is audited and then declined, so the scope's queue is never left blocked.</li>
 * </ul>
 *
 * <p><b>Audit.</b> Each job {@link #register} schedules is audited {@value #EVENT_REGISTERED} (job, schedule), and
 * every tick ends with {@value #EVENT_TICK} (job, {@code scopes_polled}, {@code items_surfaced}), also when nothing
 * surfaced, so a quiet loop is distinguishable from a dead one. A suggestion answer is recorded at this class's
 * clock, the same time source as the {@code now} the tick passed to {@code generateIdle}.
 *
 * <p><b>Failures.</b> A scope whose engine, queue or card prompt throws is logged and audited as
 * {@value #EVENT_SCOPE_FAILED} (job, scope id, exception class) and the tick goes on with the next scope. An
 * answer whose handling throws is audited as {@value #EVENT_ANSWER_FAILED}. A suggestion or autonomy card resolved
 * by a timeout, a failed delivery or a disconnect is also audited as {@code card_defaulted} with its
 * {@code error_code} ({@link CardAudit#defaulted}); a batch review's {@value #EVENT_BATCH_DECIDED} carries it. A directory that throws fails the
 * tick, which the scheduler audits as {@code scheduled_job_failed}.
 *
 * <p>Thread-safe: ticks and answer handlers only call the thread-safe engines, prompter and audit log.
 *
 * <p><b>Security guarantees:</b> every card goes to the owner's connection, never to the scope's own (customer)
 * recipient, and only an owner-authenticated answer counts ({@link CardAnswer#ownerAuthenticated()}: a tap on that
 * connection or an owner-signed text reply); anything else is a decline that is not fed to the calibrator.
 * Thresholds widen only on an explicit owner approve, through a token signed by the approval engine and bound to
 * the proposal hash; a timeout or any other default never widens anything. A suggestion authorises nothing.
 */
public final class Heartbeats implements HeartbeatJobs {
    /** Job name of the idle-suggestion loop. */
    public static final String SUGGESTIONS_JOB = "heartbeat:suggestions";
    /** Job name of the autonomy-calibration loop. */
    public static final String AUTONOMY_JOB = "heartbeat:autonomy";
    /** Default cron of {@value #AUTONOMY_JOB}: at minute 0 of every hour. */
    public static final String DEFAULT_AUTONOMY_CRON = "0 * * * *";
    /** Audit event for a scope that failed during a tick. */
    public static final String EVENT_SCOPE_FAILED = "heartbeat_scope_failed";
    /** Audit event for a pending review item re-sent as a card at startup (scope id, kind, item id). */
    public static final String EVENT_REVIEW_RESENT = "review_card_resent";
    /** Audit event for a scope with pending review items but no recipient in the directory (nothing sent). */
    public static final String EVENT_RESEND_SKIPPED = "review_resend_skipped";
    /**
     * Audit event for a decided batch review (scope id, batch id, verdict, selected item count, whether the safe
     * default applied, answer source, and the {@code error_code} of a channel-side default).
     */
    public static final String EVENT_BATCH_DECIDED = "batch_review_decided";
    /** Audit event for a card answer that could not be handled. */
    public static final String EVENT_ANSWER_FAILED = "heartbeat_answer_failed";
    /** Audit event for each job {@link #register} scheduled (job, schedule). */
    public static final String EVENT_REGISTERED = "heartbeat_registered";
    /** Audit event at the end of every tick (job, scopes polled, items surfaced — also when nothing surfaced). */
    public static final String EVENT_TICK = "heartbeat_tick";

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

    private final SilasConfig.Suggestions suggestionConfig;
    private final double highConfidenceMin;
    private final ScopeDirectory scopes;
    private final CardPrompter prompter;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;
    private final @Nullable SuggestionEngine suggestions;
    private final Consumer<SuggestionProposal> onAccepted;
    private final @Nullable AutonomyCalibrator calibrator;
    private final @Nullable ApprovalEngine approvals;
    private final Schedule autonomySchedule;
    private final @Nullable ReviewQueueStore reviewQueue;

    private Heartbeats(Builder b) {
        this.suggestionConfig = b.config.suggestions();
        this.highConfidenceMin = b.config.batchReview().confidence().highMin();
        this.scopes = b.scopes;
        this.prompter = b.prompter;
        this.audit = b.audit;
        this.clock = b.clock;
        this.ids = b.ids;
        this.suggestions = b.suggestions;
        this.onAccepted = b.onAccepted;
        this.calibrator = b.calibrator;
        this.approvals = b.approvals;
        this.autonomySchedule = Schedule.cron(b.autonomyCron);
        this.reviewQueue = b.reviewQueue;
    }

    /**
     * Registers the loops this instance has engines for on {@code scheduler} (replacing jobs of the same names):
     * {@value #SUGGESTIONS_JOB} when a suggestion engine is set and {@code suggestions.enabled} is true,
     * {@value #AUTONOMY_JOB} when a calibrator is set. Their cards go to {@code owner}'s primary connection
     * ({@code Stream.start()} passes the Stream's owner).
     *
     * @return the registered jobs, suggestions first
     * @throws SilasException {@code INVALID_INPUT} for a cron expression the scheduler cannot parse or a closed
     *     scheduler
     */
    @Override
    public List<ScheduledJob> register(Scheduler scheduler, OwnerChannel owner) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(owner, "owner");
        List<ScheduledJob> jobs = new ArrayList<>();
        if (suggestions != null && suggestionConfig.enabled()) {
            Schedule schedule = Schedule.cron(suggestionConfig.heartbeatCron());
            jobs.add(scheduler.schedule(SUGGESTIONS_JOB, schedule, () -> runSuggestions(owner)));
            record(EVENT_REGISTERED, AuditData.create().put("job", SUGGESTIONS_JOB)
                    .put("schedule", describe(schedule)));
        }
        if (calibrator != null) {
            jobs.add(scheduler.schedule(AUTONOMY_JOB, autonomySchedule, () -> runAutonomy(owner)));
            record(EVENT_REGISTERED, AuditData.create().put("job", AUTONOMY_JOB)
                    .put("schedule", describe(autonomySchedule)));
        }
        return List.copyOf(jobs);
    }

    /**
     * Re-sends the batch reviews, suggestions and autonomy proposals still pending in the review queue (set with
     * {@link Builder#reviewQueue}) from before a restart: for each scope the {@link ScopeDirectory} lists with
     * pending items, one card per item (naming the scope) to {@code owner}'s primary connection, and to nobody else;
     * each audited {@value #EVENT_REVIEW_RESENT} (kinds {@code batch}, {@code suggestion}, {@code autonomy_proposal}). A pending
     * scope the directory does not list gets nothing (audited {@value #EVENT_RESEND_SKIPPED}). Suggestion and
     * autonomy answers are handled exactly as for cards of a tick; items of a loop without its engine stay queued.
     *
     * <p>A batch goes out as a {@link BatchReviewCard} (items at or above {@code batch_review.confidence.high_min}
     * pre-checked). Its answer becomes a {@link BatchActionDecision} — approve, edit_selection (the chosen or
     * pre-checked strict subset) or decline; a timeout, disconnect, invalid answer, delivery failure or shutdown
     * declines — recorded with {@link ReviewQueueStore#decideBatch} (the batch leaves the pending list) and audited
     * {@value #EVENT_BATCH_DECIDED}; a user's choice is also recorded with the calibrator, when one is set, as a
     * correction outcome of action family {@code batch.action()} (defaults are not the user's corrections). Nothing
     * is executed: running an approved batch needs a fresh approval token bound to the batch hash, which is the
     * host's flow.
     *
     * @return the number of cards sent
     */
    @Override
    public int resendPending(OwnerChannel owner) {
        Objects.requireNonNull(owner, "owner");
        if (reviewQueue == null) {
            return 0;
        }
        java.util.Set<String> listed = new java.util.HashSet<>();
        scopes.activeScopes().forEach(scope -> listed.add(scope.scopeId()));
        int sent = 0;
        for (String scopeId : reviewQueue.pendingScopes()) {
            if (!listed.contains(scopeId)) {
                record(EVENT_RESEND_SKIPPED, AuditData.scope(scopeId).reason("no_recipient"));
                continue;
            }
            String recipient = owner.primary();
            try {
                sent += resendScope(scopeId, recipient);
            } catch (RuntimeException e) {
                scopeFailed("startup_resend", new ActiveScope(scopeId, recipient), e);
            }
        }
        return sent;
    }

    private int resendScope(String scopeId, String recipient) {
        int sent = 0;
        for (BatchProposal batch : reviewQueue.pendingBatches(scopeId)) {
            BatchReviewCard card = BatchReviewCard.of(ids.next(), batch, RiskLevel.MEDIUM, highConfidenceMin)
                    .withOrigin(CardOrigin.scope(scopeId));
            record(EVENT_REVIEW_RESENT, AuditData.scope(scopeId).put("kind", "batch").put("item_id", batch.batchId()));
            prompter.prompt(recipient, card).whenComplete((answer, error) -> onBatchAnswer(scopeId, batch, card,
                    answer));
            sent++;
        }
        SuggestionEngine engine = suggestions;
        if (engine != null) {
            for (SuggestionProposal proposal : reviewQueue.pendingSuggestions(scopeId)) {
                SuggestionCard card = HeartbeatCards.suggestion(ids.next(), proposal)
                        .withOrigin(CardOrigin.scope(scopeId));
                record(EVENT_REVIEW_RESENT, AuditData.scope(scopeId).put("kind", "suggestion")
                        .put("item_id", proposal.suggestionId()));
                prompter.prompt(recipient, card)
                        .whenComplete((answer, error) -> onSuggestionAnswer(engine, proposal, card, answer));
                sent++;
            }
        }
        AutonomyCalibrator cal = calibrator;
        if (cal != null) {
            for (AutonomyThresholdProposal proposal : reviewQueue.pendingAutonomyProposals(scopeId)) {
                AutonomyReviewCard card = HeartbeatCards.autonomy(ids.next(), proposal)
                        .withOrigin(CardOrigin.scope(scopeId));
                record(EVENT_REVIEW_RESENT, AuditData.scope(scopeId).put("kind", "autonomy_proposal")
                        .put("item_id", proposal.proposalId()));
                prompter.prompt(recipient, card)
                        .whenComplete((answer, error) -> onAutonomyAnswer(cal, proposal, card, answer));
                sent++;
            }
        }
        return sent;
    }

    /**
     * One tick of {@value #SUGGESTIONS_JOB} on the calling thread, its cards to {@code owner}'s primary connection
     * (the scheduler calls it; hosts may too).
     *
     * @param owner the owner
     */
    public void runSuggestions(OwnerChannel owner) {
        Objects.requireNonNull(owner, "owner");
        SuggestionEngine engine = suggestions;
        if (engine == null) {
            throw SilasException.invalid("suggestions", "no suggestion engine configured");
        }
        int polled = 0;
        int surfaced = 0;
        for (ActiveScope scope : scopes.activeScopes()) {
            polled++;
            try {
                for (SuggestionProposal proposal : engine.generateIdle(scope.scopeId(), clock.instant())) {
                    SuggestionCard card = HeartbeatCards.suggestion(ids.next(), proposal)
                            .withOrigin(CardOrigin.scope(scope.scopeId()));
                    surfaced++;
                    prompter.prompt(owner.primary(), card)
                            .whenComplete((answer, error) -> onSuggestionAnswer(engine, proposal, card, answer));
                }
            } catch (RuntimeException e) {
                scopeFailed(SUGGESTIONS_JOB, scope, e);
            }
        }
        tick(SUGGESTIONS_JOB, polled, surfaced);
    }

    private static String describe(Schedule schedule) {
        return schedule instanceof Schedule.Cron cron ? "cron " + cron.expression() : schedule.toString();
    }

    private void tick(String job, int polled, int surfaced) {
        record(EVENT_TICK, AuditData.create().put("job", job).put("scopes_polled", polled)
                .put("items_surfaced", surfaced));
    }

    /**
     * One tick of {@value #AUTONOMY_JOB} on the calling thread, its cards to {@code owner}'s primary connection
     * (the scheduler calls it; hosts may too).
     *
     * @param owner the owner
     */
    public void runAutonomy(OwnerChannel owner) {
        Objects.requireNonNull(owner, "owner");
        AutonomyCalibrator cal = calibrator;
        if (cal == null) {
            throw SilasException.invalid("autonomy", "no autonomy calibrator configured");
        }
        int polled = 0;
        int surfaced = 0;
        for (ActiveScope scope : scopes.activeScopes()) {
            polled++;
            try {
                for (AutonomyThresholdProposal proposal : cal.evaluate(scope.scopeId(), clock.instant())) {
                    AutonomyReviewCard card = HeartbeatCards.autonomy(ids.next(), proposal)
                            .withOrigin(CardOrigin.scope(scope.scopeId()));
                    surfaced++;
                    prompter.prompt(owner.primary(), card)
                            .whenComplete((answer, error) -> onAutonomyAnswer(cal, proposal, card, answer));
                }
            } catch (RuntimeException e) {
                scopeFailed(AUTONOMY_JOB, scope, e);
            }
        }
        tick(AUTONOMY_JOB, polled, surfaced);
    }

    private void onSuggestionAnswer(SuggestionEngine engine, SuggestionProposal proposal, SuggestionCard card,
                                    @Nullable CardAnswer answer) {
        SuggestionOutcome outcome = answer == null ? SuggestionOutcome.DEFERRED : SuggestionCard.outcome(answer);
        channelDefault(proposal.scopeId(), card, answer);
        try {
            boolean handled = engine.markHandled(proposal.scopeId(), proposal.suggestionId(), outcome,
                    clock.instant());
            if (handled && outcome == SuggestionOutcome.ACCEPTED) {
                onAccepted.accept(proposal);
            }
        } catch (RuntimeException e) {
            answerFailed(SUGGESTIONS_JOB, proposal.scopeId(), card.cardId(), e);
        }
    }

    private void onBatchAnswer(String scopeId, BatchProposal batch, BatchReviewCard card, @Nullable CardAnswer answer) {
        BatchActionDecision decision = answer == null ? BatchActionDecision.decline() : card.decision(answer);
        try {
            if (!reviewQueue.decideBatch(scopeId, batch.batchId(), decision)) {
                return;
            }
            boolean defaulted = answer == null || !answer.ownerAuthenticated();
            AuditData fields = AuditData.scope(scopeId);
            fields.put("batch_id", batch.batchId());
            fields.put("verdict", decision.verdict().name().toLowerCase(Locale.ROOT));
            fields.put("selected", decision.selectedItemIds().size());
            fields.put("defaulted", defaulted);
            fields.put("source", "none");
            if (answer != null) {
                fields.putAll(CardAudit.fields(answer));
            }
            record(EVENT_BATCH_DECIDED, fields);
            AutonomyCalibrator cal = calibrator;
            if (cal != null && !defaulted) {
                cal.recordOutcome(scopeId, batch.action(), switch (decision.verdict()) {
                    case APPROVE -> CorrectionOutcome.APPROVED;
                    case EDIT_SELECTION -> CorrectionOutcome.EDIT_SELECTION;
                    case DECLINE -> CorrectionOutcome.DECLINED;
                });
            }
        } catch (RuntimeException e) {
            answerFailed("startup_resend", scopeId, card.cardId(), e);
        }
    }

    private void onAutonomyAnswer(AutonomyCalibrator cal, AutonomyThresholdProposal proposal, AutonomyReviewCard card,
                                  @Nullable CardAnswer answer) {
        AutonomyThresholdDecision decision = answer == null
                ? AutonomyThresholdDecision.DECLINE : AutonomyReviewCard.decision(answer);
        channelDefault(proposal.scopeId(), card, answer);
        if (decision == AutonomyThresholdDecision.APPROVE && approve(cal, proposal, card, answer)) {
            return;
        }
        AutonomyThresholdDecision applied = decision == AutonomyThresholdDecision.TIGHTEN_NOW
                ? AutonomyThresholdDecision.TIGHTEN_NOW : AutonomyThresholdDecision.DECLINE;
        try {
            cal.apply(proposal, applied, null);
        } catch (RuntimeException e) {
            answerFailed(AUTONOMY_JOB, proposal.scopeId(), card.cardId(), e);
        }
    }

    /**
     * Issues, verifies (the one approval flow, {@link OwnerApprovals#grant}) and applies an approval; false (audited)
     * when any step fails.
     */
    private boolean approve(AutonomyCalibrator cal, AutonomyThresholdProposal proposal, AutonomyReviewCard card,
                            @Nullable CardAnswer answer) {
        OwnerApprovals flow = OwnerApprovals.over(Objects.requireNonNull(approvals, "approvals"));
        try {
            OwnerApprovals.Grant grant = flow.grant(proposal, ApprovalScope.AUTONOMY_THRESHOLD,
                    OwnerApprovals.decision(answer,
                            a -> AutonomyReviewCard.decision(a) == AutonomyThresholdDecision.APPROVE));
            if (!(grant instanceof OwnerApprovals.Granted granted)) {
                throw new SilasException(ErrorCode.APPROVAL_DENIED, "autonomy proposal " + proposal.proposalId()
                        + " was not approved (" + grant + ")");
            }
            cal.apply(proposal, AutonomyThresholdDecision.APPROVE, granted.token());
            return true;
        } catch (RuntimeException e) {
            answerFailed(AUTONOMY_JOB, proposal.scopeId(), card.cardId(), e);
            return false;
        }
    }

    private void scopeFailed(String job, ActiveScope scope, RuntimeException e) {
        LOG.warn("{} failed for a scope ({}); the other scopes go on", job, e.getClass().getName());
        record(EVENT_SCOPE_FAILED, AuditData.create().put("job", job).scopeId(scope.scopeId())
                .put("exception", e.getClass().getName()));
    }

    private void answerFailed(String job, String scopeId, String cardId, RuntimeException e) {
        LOG.warn("{} could not handle the answer to card {} ({})", job, cardId, e.getClass().getName());
        record(EVENT_ANSWER_FAILED, AuditData.create().put("job", job).scopeId(scopeId).put("card_id", cardId)
                .put("exception", e.getClass().getName()));
    }

    /** Audits a card answered by a channel-side default ({@link CardAudit#EVENT_CARD_DEFAULTED}, error code). */
    private void channelDefault(String scopeId, Card card, @Nullable CardAnswer answer) {
        if (answer == null) {
            return;
        }
        try {
            CardAudit.defaulted(audit, scopeId, card, answer);
        } catch (RuntimeException auditFailure) {
            LOG.error("could not audit {}: {}", CardAudit.EVENT_CARD_DEFAULTED, auditFailure.getClass().getName());
        }
    }

    /** Appends an audit event; a failing audit log is logged and never stops the other scopes. */
    private void record(String event, AuditData fields) {
        try {
            audit.append(event, fields);
        } catch (RuntimeException auditFailure) {
            LOG.error("could not audit {}: {}", event, auditFailure.getClass().getName());
        }
    }

    /**
     * Configures {@link Heartbeats}; obtain one with {@code Proactivity.heartbeats(..)}. At least one of
     * {@link #suggestions} and {@link #autonomy} is required. Not thread-safe; build once.
     */
    public static final class Builder {
        private final SilasConfig config;
        private final ScopeDirectory scopes;
        private final CardPrompter prompter;
        private final AuditLog audit;
        private final Clock clock;
        private IdGenerator ids = IdGenerator.random();
        private @Nullable SuggestionEngine suggestions;
        private Consumer<SuggestionProposal> onAccepted = proposal -> { };
        private @Nullable AutonomyCalibrator calibrator;
        private @Nullable ApprovalEngine approvals;
        private String autonomyCron = DEFAULT_AUTONOMY_CRON;
        private @Nullable ReviewQueueStore reviewQueue;

        Builder(SilasConfig config, ScopeDirectory scopes, CardPrompter prompter, AuditLog audit, Clock clock) {
            this.config = Objects.requireNonNull(config, "config");
            this.scopes = Objects.requireNonNull(scopes, "scopes");
            this.prompter = Objects.requireNonNull(prompter, "prompter");
            this.audit = Objects.requireNonNull(audit, "audit");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /**
         * Runs the idle-suggestion loop with this engine.
         *
         * @param engine the engine
         * @return the builder
         */
        public Builder suggestions(SuggestionEngine engine) {
            this.suggestions = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * Called (on the answering thread) with each suggestion the recipient accepted, after it was marked
         * handled; the host starts the normal plan and approval flow from it. It must not block.
         *
         * @param listener the listener
         * @return the builder
         */
        public Builder onSuggestionAccepted(Consumer<SuggestionProposal> listener) {
            this.onAccepted = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Runs the autonomy loop with this calibrator; {@code approvals} mints and verifies approve taps.
         *
         * @param calibrator the calibrator
         * @param approvals the approvals
         * @return the builder
         */
        public Builder autonomy(AutonomyCalibrator calibrator, ApprovalEngine approvals) {
            this.calibrator = Objects.requireNonNull(calibrator, "calibrator");
            this.approvals = Objects.requireNonNull(approvals, "approvals");
            return this;
        }

        /**
         * {@return the cron of {@value #AUTONOMY_JOB} (default {@value #DEFAULT_AUTONOMY_CRON})}
         *
         * @param expression the expression
         */
        public Builder autonomyCron(String expression) {
            this.autonomyCron = Schedule.cron(expression).expression();
            return this;
        }

        /**
         * {@return the review queue the engines write to; with it, {@link Heartbeats#resendPending} re-sends what is still
         * pending after a restart (without it, nothing is re-sent)}
         *
         * @param queue the queue
         */
        public Builder reviewQueue(ReviewQueueStore queue) {
            this.reviewQueue = Objects.requireNonNull(queue, "queue");
            return this;
        }

        /**
         * Card ids (default {@link IdGenerator#random()}).
         *
         * @param ids the ids
         * @return the builder
         */
        public Builder ids(IdGenerator ids) {
            this.ids = Objects.requireNonNull(ids, "ids");
            return this;
        }

        /**
         * The heartbeats; pass them to {@code Stream.builder().heartbeats(..)} (registered with the Stream's owner
         * at {@code start()}), or call {@link Heartbeats#register} with the owner to start them.
         *
         * @return the heartbeats
         * @throws SilasException {@code INVALID_INPUT} when neither loop has an engine
         */
        public Heartbeats build() {
            if (suggestions == null && calibrator == null) {
                throw SilasException.invalid("heartbeats", "needs a suggestion engine or an autonomy calibrator");
            }
            return new Heartbeats(this);
        }
    }
}
