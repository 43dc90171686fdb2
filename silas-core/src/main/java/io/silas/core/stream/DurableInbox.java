package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.TrustDecision;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission through the {@link InboxStore} and replay of what a stopped process left unfinished
 * (docs/contracts.md#startup-and-rehydration).
 *
 * <p><b>Record</b> ({@link #record}, called by {@link Intake} after admission held the turn's place): the message is
 * written with its trust decision as an inbox row; only then is its turn queued. Classification happens at
 * admission, rather than inside the turn: the decision is persisted with the row, so a crash can never separate a
 * consumed nonce from the {@code owner} decision it produced.
 *
 * <p><b>Replay</b> ({@link #replayOnce}, run by {@link Stream#start()} or by the first {@code submit}, whichever
 * comes first, exactly once per Stream): every unfinished row is queued on its scope's worker in admission order,
 * before any new message of this process, so each scope sees its old messages first and in their original order.
 * A replayed turn uses the stored trust decision; a turn that had already chronicled its message keeps that turn
 * number and does not chronicle (or ingest) the message again. Audited {@value #EVENT_REPLAYED} (messages, scopes);
 * a row that does not fit the admission bounds stays for the next start, audited {@value #EVENT_REPLAY_DEFERRED}.
 *
 * <p><b>Failure.</b> A turn that throws fails its own future and its row is removed (audited
 * {@value #EVENT_TURN_FAILED}) so one bad message is not retried on every start; only a process that dies
 * mid-turn leaves its row for replay.
 *
 * <p>Thread-safe.
 */
final class DurableInbox {
    /** Audit event: unfinished messages of a previous process were queued again. */
    static final String EVENT_REPLAYED = "inbox_replayed";
    /** Audit event: an unfinished message did not fit the admission bounds and stays for the next start. */
    static final String EVENT_REPLAY_DEFERRED = "inbox_replay_deferred";
    /**
     * Audit event: a message held for the owner's gate-approval card whose JVM died (the card with it) was resolved to
     * the card's safe default by this JVM: not processed, the sender told.
     */
    static final String EVENT_HELD_DECLINED = "held_message_declined";
    /** Audit event (once per failed turn, fresh or replayed): a turn threw; its inbox row was removed. */
    static final String EVENT_TURN_FAILED = "turn_failed";

    private static final Logger LOG = LoggerFactory.getLogger(DurableInbox.class);

    private final Basics deps;
    private final InboxStore store;
    private final ConnectionWorkers workers;
    private final ProcessorCache processors;
    private final @Nullable ClusterTurns cluster;
    private volatile @Nullable Replay replay;

    /** What {@link #replayOnce} queued: the row count and the turns' results (failed turns left out). */
    record Replay(int messages, CompletionStage<List<TurnResult>> results) {
    }

    DurableInbox(Basics deps, InboxStore store, ConnectionWorkers workers, ProcessorCache processors) {
        this.deps = deps;
        this.store = store;
        this.workers = workers;
        this.processors = processors;
        this.cluster = store instanceof SharedInboxStore shared
                ? new ClusterTurns(shared, this::run, this::takeOver) : null;
    }

    /**
     * Queues a recorded row in its held place (step "queue" of {@link Intake}). With a {@link SharedInboxStore} the
     * turn waits (without a thread) until the row is the oldest unfinished one of its scope across the cluster and
     * runs with the turn number the store gives it.
     */
    CompletableFuture<TurnResult> queue(InboxEntry entry, ConnectionWorkers.Reservation place) {
        return cluster == null ? place.submit(() -> run(entry, 0)) : cluster.queue(entry, place);
    }

    /** Stops waiting for cluster turns (rows still waiting stay in the store for a survivor or the next start). */
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Records an admitted message with its trust decision (step "record" of {@link Intake}); its turn is queued only
     * after this returned.
     *
     * @throws RuntimeException the store's error; nothing was recorded
     */
    InboxEntry record(String scopeId, String connectionId, ChannelMessage message, TrustDecision trust) {
        return store.admit(scopeId, connectionId, message, trust, deps.clock().instant());
    }

    /** Queues every unfinished row once; later calls return the first call's outcome. */
    Replay replayOnce() {
        Replay done = replay;
        if (done != null) {
            return done;
        }
        synchronized (this) {
            if (replay == null) {
                replay = queuePending();
            }
            return replay;
        }
    }

    private Replay queuePending() {
        Replay queued = queueAll(store.pending());
        if (store instanceof SharedInboxStore shared && cluster != null) {
            declineParked(shared.takeOverParked(true));
            cluster.start();
        }
        return queued;
    }

    /**
     * Queues the rows of dead JVMs that the shared store hands to this one, and resolves their parked rows (run
     * periodically by the cluster).
     */
    private void takeOver() {
        if (store instanceof SharedInboxStore shared && cluster != null) {
            queueAll(shared.takeOver().stream().filter(e -> !cluster.queued(e.seq())).toList());
            declineParked(shared.takeOverParked(false));
        }
    }

    /** The safe default of a gate-approval card that died with its JVM: not processed, the sender told, audited. */
    private void declineParked(List<InboxEntry> parked) {
        for (InboxEntry entry : parked) {
            AuditData data = AuditData.scope(entry.scopeId());
            data.connection(entry.connectionId());
            data.put("seq", entry.seq());
            data.reason("node_lost");
            deps.audit().append(EVENT_HELD_DECLINED, data);
            Replies.sendOrAudit(deps.channel(), deps.audit(), entry.scopeId(), entry.connectionId(),
                    TurnProcessor.NOT_APPROVED_REPLY);
            store.withdraw(entry);
        }
    }

    private Replay queueAll(List<InboxEntry> pending) {
        List<CompletableFuture<TurnResult>> turns = new ArrayList<>();
        Set<String> scopes = new LinkedHashSet<>();
        for (InboxEntry entry : pending) {
            try {
                turns.add(queue(entry, workers.reserve(entry.scopeId(), ConnectionWorkers.Lane.OWNER)));
                scopes.add(entry.scopeId());
            } catch (SilasException e) {
                deps.audit().append(EVENT_REPLAY_DEFERRED, AuditData.create().put("seq", entry.seq())
                        .scopeId(entry.scopeId()).reason(e.code().id()));
            }
        }
        if (!pending.isEmpty()) {
            AuditData data = AuditData.create();
            data.put("messages", turns.size());
            data.put("scopes", scopes.size());
            deps.audit().append(EVENT_REPLAYED, data);
        }
        CompletionStage<List<TurnResult>> results = CompletableFuture.allOf(
                        turns.stream().map(t -> t.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
                .thenApply(all -> turns.stream().map(t -> t.exceptionally(e -> null).join())
                        .filter(r -> r != null).toList());
        return new Replay(turns.size(), results);
    }

    /**
     * Runs the recorded message's turn (step "run" of {@link Intake}); a turn that throws has its row removed.
     *
     * @param turnNumber the number the shared store claimed for it, or 0 to number it in this process
     */
    private TurnResult run(InboxEntry entry, int turnNumber) {
        try {
            return processors.run(entry.scopeId(), turnNumber, p -> p.process(entry, turnNumber));
        } catch (RuntimeException e) {
            LOG.warn("Turn of inbox row {} in scope {} failed: {}", entry.seq(), entry.scopeId(),
                    e.getClass().getSimpleName());
            ErrorCode code = e instanceof SilasException se ? se.code() : ErrorCode.INTERNAL;
            try {
                store.complete(entry, null, null);
                if (code != ErrorCode.ADMISSION_SHUTTING_DOWN) { // cancellations are audited by the drain
                    deps.ops().recordFailure(code);
                    AuditData data = AuditData.scope(entry.scopeId());
                    data.connection(entry.connectionId());
                    data.put("seq", entry.seq());
                    data.put("error_code", code.id());
                    deps.audit().append(EVENT_TURN_FAILED, data);
                }
            } catch (RuntimeException cleanup) {
                LOG.warn("Inbox row {} could not be removed: {}", entry.seq(), cleanup.getClass().getSimpleName());
            }
            throw e;
        }
    }
}
