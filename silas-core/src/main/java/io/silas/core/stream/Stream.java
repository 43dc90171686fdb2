package io.silas.core.stream;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.SignedMessage;
import io.silas.core.error.SilasException;
import io.silas.core.proactivity.HeartbeatJobs;
import io.silas.core.schedule.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The conversation runtime (spec §5.1, CONTRACTS §9): the host pushes each inbound message with the id of the
 * connection it came from; the Stream runs the turn pipeline ({@link TurnProcessor}) and answers through the
 * channel to that same connection.
 *
 * <pre>{@code
 * Stream stream = Stream.builder().config(config).audit(audit)
 *     .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore())
 *     .proxy(proxy).planner(planner).gateRunner(gates).messageTrust(trust).channel(channel)
 *     .approvals(approvals).cardPrompter(cards)
 *     .workExecutor(listener -> WorkExecution.builder()...listener(listener).build())
 *     .build();
 * stream.start();
 * stream.submit(message, "web:42").thenAccept(result -> ...);
 * }</pre>
 *
 * <p><b>Isolation and ordering.</b> Each turn runs in scope {@code config.scopeIdFor(connectionId)} (the
 * connection id, or the owner id in single-user mode) on that scope's serial worker ({@link ConnectionWorkers}):
 * turns of one scope never overlap and keep arrival order; different scopes run concurrently on the turn executor;
 * a turn that throws fails only its own future and releases the worker. Context, chronicle, memory and turn counter
 * are per scope. Plan approval and execution run on the background executor; a turn never waits for them. A scope's
 * turn processor is released when idle ({@link #liveProcessors()}) and rebuilt from the stores on its next turn.
 *
 * <p><b>Admission.</b> Beyond {@code backpressure.max_pending_turns_per_scope} or {@code max_pending_turns_total},
 * {@link #submit} returns a stage failed with {@code SilasException(ADMISSION_BUSY)} and nothing is queued.
 *
 * <p>Thread-safe. {@link #close()} stops the executors the Stream created itself (not host-supplied ones).
 *
 * <p><b>Security guarantees:</b> trust comes only from {@code MessageTrust} (a valid owner signature or a known
 * identity), never from the message; every turn passes the input and output policy gates; replies, cards and work
 * progress go only to the originating connection; plans run only with a verified signed approval.
 */
public final class Stream implements AutoCloseable {
    private final TurnDeps deps;
    private final ConnectionWorkers workers;
    private final List<ExecutorService> owned;
    private final ProcessorCache processors;
    private final StartupSequence startup;
    private final AtomicBoolean started = new AtomicBoolean();

    Stream(TurnDeps deps, ConnectionWorkers workers, List<ExecutorService> owned, @Nullable Scheduler scheduler,
           @Nullable HeartbeatJobs heartbeats) {
        this.deps = deps;
        this.workers = workers;
        this.owned = List.copyOf(owned);
        this.startup = new StartupSequence(deps, scheduler, heartbeats);
        this.processors = new ProcessorCache((scope, turns, access) -> new TurnProcessor(deps, scope, turns, access),
                deps.clock(), deps.config().turns().processorIdle(), deps.config().turns().maxLiveProcessors());
    }

    /** A new builder. */
    public static StreamBuilder builder() {
        return new StreamBuilder();
    }

    /**
     * Submits an unsigned message; its trust is {@code auth} for a configured identity, else {@code external}.
     *
     * @return the turn's result; failed with {@code ADMISSION_BUSY} when the queues are full, or with what the
     *     turn threw
     */
    public CompletionStage<TurnResult> submit(ChannelMessage message, String connectionId) {
        if (message == null) {
            return CompletableFuture.failedFuture(SilasException.invalid("message", "must not be null"));
        }
        return enqueue(message, null, connectionId);
    }

    /** Submits an owner-signed message; it is {@code owner} only if {@code MessageTrust} accepts the signature. */
    public CompletionStage<TurnResult> submit(SignedMessage message, String connectionId) {
        if (message == null) {
            return CompletableFuture.failedFuture(SilasException.invalid("message", "must not be null"));
        }
        return enqueue(message.message(), message, connectionId);
    }

    /**
     * Runs the startup sequence once ({@link StartupSequence}): interrupted {@code running} work items re-entered
     * through the work executor in the background (their tokens are checked, never re-approved), audit
     * {@code stream_started}, the {@code active_goal} file's cron schedule registered as {@code goal:<id>}, the
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
     */
    public int liveProcessors() {
        return processors.live();
    }

    /** Turns queued or running. */
    public int pendingTurns() {
        return workers.pendingTotal();
    }

    @Override
    public void close() {
        owned.forEach(ExecutorService::shutdownNow);
    }

    private CompletionStage<TurnResult> enqueue(ChannelMessage message, @Nullable SignedMessage signed,
                                                String connectionId) {
        try {
            if (connectionId == null || connectionId.isBlank()) {
                throw SilasException.invalid("connection_id", "must not be blank");
            }
            String scopeId = deps.config().scopeIdFor(connectionId);
            if (deps.cards() != null && deps.cards().offerMessage(connectionId, message.text())) {
                return CompletableFuture.completedFuture(new TurnResult(connectionId, scopeId, 0, "", null, null,
                        null, false, TurnResult.PlanStatus.NONE, null, TurnResult.noExecution()));
            }
            return workers.submit(scopeId, () -> processors.run(scopeId, p -> p.process(connectionId, message, signed)));
        } catch (SilasException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
