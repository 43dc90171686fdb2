package io.silas.core.stream;

import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.SignedMessage;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.observe.SilasGauge;
import io.silas.core.schedule.Scheduler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The conversation runtime (docs/contracts.md#stream-and-turns): the host pushes each inbound message with the id of
 * the connection it came from; the Stream runs the turn pipeline ({@link TurnProcessor}) and answers through the
 * channel to that same connection.
 *
 * <pre>{@code
 * Stream stream = Stream.builder().config(config).audit(audit)
 *     .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore())
 *     .proxy(proxy).planner(planner).gateRunner(gates).messageTrust(trust).channel(channel)
 *     .approvals(approvals).cardPrompter(cards)
 *     .workExecution(WorkExecution.builder().executors(registry).verification(verifier).artifactsDir(dir))
 *     .build();
 * stream.start();
 * stream.submit(message, "web:42").thenAccept(result -> System.out.println(result.reply()));
 * }</pre>
 *
 * <p><b>Isolation and ordering.</b> Each turn runs in scope {@code config.scopeIdFor(connectionId)} (the
 * connection id, or the owner id in single-user mode) on that scope's serial worker ({@link ConnectionWorkers}):
 * turns of one scope never overlap and keep arrival order; different scopes run concurrently on the turn executor;
 * a turn that throws fails only its own future and releases the worker. Context, chronicle, memory and turn counter
 * are per scope. Plan approval and execution run on the background executor; a turn never waits for them. A scope's
 * turn processor is released when idle ({@link #liveProcessors()}) and rebuilt from the stores on its next turn.
 *
 * <p><b>Admission</b> ({@link Intake}: admit → record → queue → run; {@link Admission},
 * docs/contracts.md#admission-and-rate-limits, #health). A message beyond {@code limits.*} inbound rate limits
 * ({@code ADMISSION_RATE_LIMITED}, audited {@code rate_limited} as a security event), beyond
 * {@code backpressure.max_pending_turns_per_scope} or {@code max_pending_turns_total} ({@code ADMISSION_BUSY},
 * {@code busy_retry}, audited {@code admission_rejected}), or after {@link #shutdown} began
 * ({@code ADMISSION_SHUTTING_DOWN}) is answered on its connection with the code's user message and its stage fails
 * with that {@code SilasException}; nothing is queued, chronicled or numbered. The last
 * {@code max_pending_turns_per_scope} global slots are kept for owner traffic — a message whose owner signature
 * verifies, whose timestamp is fresh and whose nonce is still unused (checked once, without consuming the nonce,
 * by {@code MessageTrust.check}; the same check is then classified); the connection a message arrives on earns no
 * lane, and a replayed owner-signed message is sheddable — so non-owner traffic is shed first.
 * A turn that fails completes its stage with a {@code SilasException} carrying the scope id and, once the turn was
 * numbered, its turn number as {@link SilasException#turnId()} (an unexpected exception becomes {@code INTERNAL});
 * this holds however early it fails, even before {@code submit} returned. It is audited {@code turn_failed} once; a
 * storage fault marks {@link #health()} degraded.
 *
 * <p><b>Input size.</b> A message whose text is over {@code limits.max_message_bytes} or with an attachment over
 * {@code limits.max_attachment_bytes} is refused first, before a card, the owner signature, the rate limits or the
 * inbox see it: answered with the {@code INPUT_TOO_LARGE} user message, audited {@code input_too_large} with its size
 * only, its stage failed with {@code INPUT_TOO_LARGE}; nothing is stored and no model is called.
 *
 * <p><b>Durable inbox</b> ({@link DurableInbox}). An admitted message is classified by {@code MessageTrust} and
 * recorded with that decision in the {@link InboxStore} before {@code submit} returns; its row is removed in the
 * same step that chronicles the reply (before the reply is sent). After a crash, {@link #start()} (or the first {@code submit}, whichever comes first)
 * runs every unfinished message exactly once, in its scope's original order, before any new message of that scope
 * (audited {@code inbox_replayed}; see {@link StartupSequence} for all startup audit events). A refused message gets
 * no row and consumes no nonce.
 *
 * <p><b>Drain.</b> {@link #shutdown} drains gracefully and idempotently ({@link Drain}); {@link #close()} only stops
 * the executors the Stream created itself (not host-supplied ones).
 *
 * <p>Thread-safe.
 *
 * <p><b>Security guarantees:</b> trust comes only from {@code MessageTrust} (a valid owner signature or a known
 * identity), never from the message; every turn passes the input and output policy gates; replies go only to the
 * originating connection; approval cards and work progress go only to the owner's connection
 * ({@link StreamBuilder#ownerConnections}), and a card is answered only by an owner-authenticated answer (a tap on an
 * owner connection, or a text reply classified {@code owner} before it is matched); waiting for the owner never
 * holds a turn; plans run only with a verified signed approval.
 */
public final class Stream implements AutoCloseable {
    private final Basics deps;
    private final OwnerDesk desk;
    private final boolean runsWork;
    private final ConnectionWorkers workers;
    private final List<ExecutorService> owned;
    private final ProcessorCache processors;
    private final StartupSequence startup;
    private final Intake intake;
    private final AtomicBoolean started = new AtomicBoolean();
    private final Admission admission;
    private final InputLimits inputLimits;
    private final Drain drain;
    private final @Nullable Scheduler scheduler;
    private final DurableInbox inbox;

    Stream(TurnParts parts, MessageTrust trust, ConnectionWorkers workers, List<ExecutorService> owned,
           @Nullable Scheduler scheduler, @Nullable HeartbeatJobs heartbeats, @Nullable StartupConnections connections,
           PullChannels pullChannels) {
        Basics basics = parts.basics();
        this.deps = basics;
        this.desk = parts.desk();
        this.runsWork = parts.work() != null;
        this.workers = workers;
        this.owned = List.copyOf(owned);
        this.processors = new ProcessorCache((scope, turns, access) -> new TurnProcessor(parts, scope, turns, access),
                deps.clock(), deps.config().turns().processorIdle(), deps.config().turns().maxLiveProcessors());
        this.inbox = new DurableInbox(basics, parts.stores().inbox(), workers, processors);
        this.startup = new StartupSequence(basics, parts.stores(), parts.rules().activeGoal(), desk, parts.work(),
                scheduler, heartbeats, inbox, connections, pullChannels, new Sink());
        this.admission = new Admission(basics, workers);
        this.inputLimits = new InputLimits(basics);
        this.intake = new Intake(basics, trust, desk.prompter(), inputLimits, admission, inbox);
        this.drain = new Drain(basics, desk.prompter(), workers, admission, scheduler, owned, pullChannels);
        this.scheduler = scheduler;
        desk.cards().resubmitWith(intake::resubmit);
        deps.ops().observer().gauge(SilasGauge.TURNS_PENDING, workers::pendingTotal);
        deps.ops().observer().gauge(SilasGauge.BACKGROUND_IN_FLIGHT, deps.ops()::backgroundInFlight);
    }

    /** {@return a new builder} */
    public static StreamBuilder builder() {
        return new StreamBuilder();
    }

    /**
     * Submits an unsigned message; its trust is {@code auth} for a configured identity, else {@code external}.
     *
     * @param message the message
     * @param connectionId the connection
     * @return the turn's result; failed with {@code ADMISSION_BUSY} when the queues are full, or with what the
     *     turn threw
     */
    public CompletionStage<TurnResult> submit(ChannelMessage message, String connectionId) {
        return submit(message, connectionId, null);
    }

    /**
     * Submits an unsigned message received from {@code clientAddress} (e.g. the remote IP the host saw), which is
     * charged to {@code limits.ws_messages_per_minute_per_ip}; null skips the per-address limit.
     *
     * @param message the message
     * @param connectionId the connection
     * @param clientAddress the client address
     * @return the completion stage
     */
    public CompletionStage<TurnResult> submit(ChannelMessage message, String connectionId,
                                              @Nullable String clientAddress) {
        if (message == null) {
            return CompletableFuture.failedFuture(SilasException.invalid("message", "must not be null"));
        }
        return enqueue(message, null, connectionId, clientAddress);
    }

    /**
     * Submits an owner-signed message; it is {@code owner} only if {@code MessageTrust} accepts the signature.
     *
     * @param message the message
     * @param connectionId the connection
     * @return the completion stage
     */
    public CompletionStage<TurnResult> submit(SignedMessage message, String connectionId) {
        return submit(message, connectionId, null);
    }

    /**
     * {@link #submit(SignedMessage, String)} from {@code clientAddress}; see {@link #submit(ChannelMessage, String, String)}.
     *
     * @param message the message
     * @param connectionId the connection
     * @param clientAddress the client address
     * @return the completion stage
     */
    public CompletionStage<TurnResult> submit(SignedMessage message, String connectionId,
                                              @Nullable String clientAddress) {
        if (message == null) {
            return CompletableFuture.failedFuture(SilasException.invalid("message", "must not be null"));
        }
        return enqueue(message.message(), message, connectionId, clientAddress);
    }

    /**
     * Reports a card tap of {@code connectionId} to the card prompter (a tap on any owner connection answers a card
     * sent to the owner's primary connection; the host must authenticate its owner connections), charged to
     * {@code limits.card_submissions_per_minute_per_scope}. A submission that resolves a pending card of that
     * connection is a user decision and is never refused (no cooldown is ever imposed on a decision); beyond the
     * limit, a submission that resolves nothing is answered with the {@code ADMISSION_RATE_LIMITED} user message and
     * audited {@code rate_limited} as a security event.
     *
     * @param connectionId the connection
     * @param cardId the card answered
     * @param value the new value
     * @return whether it resolved a pending card
     * @throws SilasException {@code INVALID_INPUT} for a blank connection id or without a card prompter;
     *     {@code INPUT_TOO_LARGE} (audited {@code input_too_large}, nothing resolved) for an answer over
     *     {@code limits.max_card_answer_bytes}
     */
    public boolean answerCard(String connectionId, String cardId, String value) {
        if (connectionId == null || connectionId.isBlank()) {
            throw SilasException.invalid("connection_id", "must not be blank");
        }
        CardPrompter cards = desk.prompter();
        if (cards == null) {
            throw SilasException.invalid("card_prompter", "this Stream has no card prompter");
        }
        String scopeId = deps.config().scopeIdFor(connectionId);
        if (value != null) {
            inputLimits.requireCardAnswer(connectionId, scopeId, value);
        }
        boolean withinLimit = deps.ops().limits().cardSubmission(scopeId);
        boolean resolved = cards.answer(connectionId, cardId, value)
                || desk.owner().isOwnerConnection(connectionId)
                && cards.answer(desk.owner().primary(), cardId, value);
        if (!resolved && !withinLimit) {
            deps.ops().limits().cardSubmissionRefused(scopeId, connectionId);
            Replies.sendOrAudit(deps.channel(), deps.audit(), scopeId, connectionId,
                    ErrorCode.ADMISSION_RATE_LIMITED.userMessage());
        }
        return resolved;
    }

    /**
     * Runs the startup sequence once ({@link StartupSequence}): unfinished inbox messages of a stopped process
     * queued again (once), interrupted {@code running} work items re-entered
     * through the work executor in the background (their tokens are checked, never re-approved), audit
     * {@code stream_started}, the active goal's connections health-checked (with a connection manager; at most one
     * refresh and one recovery each, the owner offered a failure card when that fails), the {@code active_goal} file's
     * cron schedule registered as {@code goal:<id>}, the
     * heartbeat jobs registered, absent optional collaborators audited {@code startup_step_skipped}. Each scope's
     * context (last {@code rehydration.max_chronicle_entries} chronicle entries, profile memory, one
     * {@code [SYSTEM] Session rehydrated after restart.} item) is restored lazily on its first turn, whether or not
     * {@code start()} was called. Submitting before {@code start()} is allowed.
     *
     * @return what was resumed, scheduled and skipped
     * @throws SilasException {@code INVALID_INPUT} (field {@code stream}) on a second call; nothing runs again
     */
    public StartupReport start() {
        if (!started.compareAndSet(false, true)) {
            throw SilasException.invalid("stream", "already started");
        }
        return startup.run();
    }

    /**
     * Scopes whose turn processor (context window, persona, access state) is in memory; bounded by
     * {@code turns.max_live_processors}, idle ones released after {@code turns.processor_idle_seconds}.
     *
     * @return the int
     */
    public int liveProcessors() {
        return processors.live();
    }

    /**
     * Turns queued or running.
     *
     * @return the int
     */
    public int pendingTurns() {
        return workers.pendingTotal();
    }

    /**
     * Drains gracefully ({@link Drain}, docs/contracts.md#graceful-drain): stop admitting, resolve every pending card
     * with its safe default, let queued and running turns finish within {@code grace} (normally
     * {@code backpressure.shutdown_grace_seconds}) then cancel the rest, wait for plan flows in what is left of the
     * grace, stop the scheduler and owned executors, audit {@code stream_drained} and write an audit checkpoint.
     * Blocks for at most about {@code grace}. Idempotent: a second call returns the first report and does nothing.
     *
     * @param grace the grace
     * @return the drain report
     * @throws SilasException {@code INVALID_INPUT} for a null or negative grace
     */
    public DrainReport shutdown(Duration grace) {
        DrainReport report = drain.run(grace);
        inbox.close();
        return report;
    }

    /**
     * {@link #shutdown(Duration)} with {@code backpressure.shutdown_grace_seconds}.
     *
     * @return the drain report
     */
    public DrainReport shutdown() {
        return shutdown(deps.config().backpressure().shutdownGrace());
    }

    /**
     * Registers a JVM shutdown hook (SIGTERM/SIGINT) that runs {@link #shutdown(Duration)} with {@code grace}.
     *
     * @param grace the grace
     * @return the hook thread, so the host can {@link Runtime#removeShutdownHook remove} it
     */
    public Thread registerShutdownHook(Duration grace) {
        if (grace == null || grace.isNegative()) {
            throw SilasException.invalid("grace", "must be zero or positive");
        }
        Thread hook = new Thread(() -> shutdown(grace), "silas-shutdown-drain");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** {@return a health snapshot for the host's {@code /health} endpoint} */
    public StreamHealth health() {
        Map<String, Integer> byScope = workers.pendingByKey();
        List<String> atBound = byScope.entrySet().stream()
                .filter(e -> e.getValue() >= workers.maxPendingPerKey()).map(Map.Entry::getKey).toList();
        int total = workers.pendingTotal();
        ErrorCode fault = deps.ops().fault();
        boolean draining = admission.draining();
        StreamHealth.Status status = draining ? StreamHealth.Status.DRAINING
                : fault != null ? StreamHealth.Status.DEGRADED : StreamHealth.Status.OK;
        StreamHealth.ComponentState schedulerState = scheduler == null ? StreamHealth.ComponentState.ABSENT
                : drain.done() ? StreamHealth.ComponentState.STOPPED
                : started.get() ? StreamHealth.ComponentState.RUNNING : StreamHealth.ComponentState.NOT_STARTED;
        StreamHealth.ComponentState sandboxes = !runsWork ? StreamHealth.ComponentState.ABSENT
                : drain.done() ? StreamHealth.ComponentState.STOPPED : StreamHealth.ComponentState.RUNNING;
        return new StreamHealth(status, fault == null ? null : fault.id(), byScope.size(), total, byScope, atBound,
                total >= workers.sheddableBound(), deps.ops().backgroundInFlight(), schedulerState, sandboxes,
                desk.cards().waitingByScope());
    }

    @Override
    public void close() {
        inbox.close();
        owned.forEach(ExecutorService::shutdownNow);
    }

    private CompletionStage<TurnResult> enqueue(ChannelMessage message, @Nullable SignedMessage signed,
                                                String connectionId, @Nullable String clientAddress) {
        try {
            CompletableFuture<TurnResult> turn = intake.submit(message, signed, connectionId, clientAddress);
            String scopeId = deps.config().scopeIdFor(connectionId);
            return turn.handle((result, failure) -> settle(result, failure, scopeId));
        } catch (SilasException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Maps a turn failure onto the taxonomy with the scope id (the failure itself is audited once, by
     * {@link DurableInbox}, where the turn ran). Every failed stage goes through here, also one that failed before
     * {@code submit} returned: an admission refusal as well as a turn that failed that fast.
     */
    private static TurnResult settle(@Nullable TurnResult result, @Nullable Throwable failure, String scopeId) {
        if (failure == null) {
            return result;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        throw correlate(cause, scopeId, null);
    }

    /**
     * {@code failure} as a {@link SilasException} carrying {@code scopeId} and, for a numbered turn, its number as the
     * turn id; an unexpected exception becomes {@code INTERNAL} with it as the cause.
     */
    static SilasException correlate(Throwable failure, String scopeId, @Nullable Integer turnNumber) {
        String turnId = turnNumber == null ? null : Integer.toString(turnNumber);
        SilasException mapped = failure instanceof SilasException se ? se
                : new SilasException(ErrorCode.INTERNAL, "turn failed: " + failure.getClass().getName(), failure);
        return mapped.withCorrelation(turnId, scopeId, null);
    }

    /** What pull channels get: admission only, not the Stream itself. */
    private final class Sink implements InboundSink {
        @Override
        public CompletionStage<TurnResult> submit(ChannelMessage message, String connectionId,
                                                  @Nullable String clientAddress) {
            return Stream.this.submit(message, connectionId, clientAddress);
        }

        @Override
        public CompletionStage<TurnResult> submit(SignedMessage message, String connectionId,
                                                  @Nullable String clientAddress) {
            return Stream.this.submit(message, connectionId, clientAddress);
        }
    }
}
