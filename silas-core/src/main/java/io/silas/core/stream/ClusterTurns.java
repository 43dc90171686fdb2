package io.silas.core.stream;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the turns of a {@link SharedInboxStore} in cluster order: a recorded row is handed to its scope's worker only
 * once {@link SharedInboxStore#claimTurn} gives it a turn number, that is once every older row of its scope (admitted
 * on any JVM) has finished. A row that must wait never blocks a worker thread: it waits here, holding its place in the
 * scope's bounded queue, and is retried when a local turn finishes or every {@value #POLL_MILLIS} ms (for turns that
 * finish on other JVMs). The same thread periodically takes over the rows of dead JVMs ({@link #TAKE_OVER_MILLIS}).
 *
 * <p>Thread-safe.
 */
final class ClusterTurns implements AutoCloseable {
    /** How often waiting rows are retried when nothing finished locally. */
    static final long POLL_MILLIS = 20;
    /** How often the rows of dead JVMs are taken over. */
    static final long TAKE_OVER_MILLIS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTurns.class);

    /** Runs a claimed row as the given turn number. */
    interface Runner {
        TurnResult run(InboxEntry entry, int turnNumber);
    }

    private record Waiter(InboxEntry entry, ConnectionWorkers.Reservation place, CompletableFuture<TurnResult> result) {
    }

    private final SharedInboxStore store;
    private final Runner runner;
    private final Runnable takeOver;
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();
    private final Map<String, TreeMap<Long, Waiter>> waiting = new HashMap<>(); // guarded by this
    private @Nullable Thread poller; // guarded by this
    private boolean wake; // guarded by this
    private boolean closed; // guarded by this

    ClusterTurns(SharedInboxStore store, Runner runner, Runnable takeOver) {
        this.store = store;
        this.runner = runner;
        this.takeOver = takeOver;
    }

    /**
     * Queues a recorded row in its held place: it runs on the scope's worker once claimed.
     *
     * @return the turn's result; failed with {@code NOT_FOUND} when the row was taken over by another JVM, with
     *     {@code ADMISSION_SHUTTING_DOWN} when this Stream stopped before the row could run (the row stays for a
     *     survivor or the next start)
     */
    CompletableFuture<TurnResult> queue(InboxEntry entry, ConnectionWorkers.Reservation place) {
        Waiter waiter = new Waiter(entry, place, new CompletableFuture<>());
        queued.add(entry.seq());
        if (!tryStart(waiter)) {
            synchronized (this) {
                if (closed) {
                    fail(waiter, shuttingDown());
                    return waiter.result();
                }
                waiting.computeIfAbsent(entry.scopeId(), s -> new TreeMap<>()).put(entry.seq(), waiter);
                startPoller();
            }
        }
        return waiter.result();
    }

    /** Whether this Stream has queued the row (so a take-over must not queue it again). */
    boolean queued(long seq) {
        return queued.contains(seq);
    }

    /** Starts the poller thread (also for take-overs when nothing waits). */
    synchronized void start() {
        if (!closed) {
            startPoller();
        }
    }

    /** Stops polling; rows still waiting fail with {@code ADMISSION_SHUTTING_DOWN} and keep their inbox rows. */
    @Override
    public void close() {
        List<Waiter> left = new ArrayList<>();
        synchronized (this) {
            closed = true;
            waiting.values().forEach(q -> left.addAll(q.values()));
            waiting.clear();
            notifyAll();
        }
        left.forEach(w -> fail(w, shuttingDown()));
    }

    /** Claims and, if claimed, starts the row; a refused claim fails it. Returns false while it must wait. */
    private boolean tryStart(Waiter waiter) {
        OptionalInt turn;
        try {
            turn = store.claimTurn(waiter.entry());
        } catch (RuntimeException e) {
            fail(waiter, e);
            return true;
        }
        if (turn.isEmpty()) {
            return false;
        }
        int number = turn.getAsInt();
        waiter.place().submit(() -> {
            try {
                return runner.run(waiter.entry(), number);
            } finally {
                queued.remove(waiter.entry().seq());
                wake();
            }
        }).whenComplete((result, failure) -> {
            if (failure != null) {
                waiter.result().completeExceptionally(failure);
            } else {
                waiter.result().complete(result);
            }
        });
        return true;
    }

    private void fail(Waiter waiter, Throwable failure) {
        queued.remove(waiter.entry().seq());
        waiter.place().release();
        waiter.result().completeExceptionally(failure);
    }

    private synchronized void wake() {
        wake = true;
        notifyAll();
    }

    private void startPoller() {
        if (poller == null) {
            poller = new Thread(this::poll, "silas-cluster-turns");
            poller.setDaemon(true);
            poller.start();
        }
    }

    private void poll() {
        long nextTakeOver = System.nanoTime();
        while (true) {
            List<Waiter> heads = new ArrayList<>();
            synchronized (this) {
                try {
                    if (!wake && !closed) {
                        wait(POLL_MILLIS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (closed) {
                    return;
                }
                wake = false;
                waiting.values().forEach(q -> heads.add(q.firstEntry().getValue()));
            }
            for (Waiter head : heads) {
                try {
                    if (tryStart(head)) {
                        remove(head);
                    }
                } catch (RuntimeException e) { // closed meanwhile: the place was already given back
                    remove(head);
                }
            }
            if (System.nanoTime() - nextTakeOver >= 0) {
                nextTakeOver = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TAKE_OVER_MILLIS);
                try {
                    takeOver.run();
                } catch (RuntimeException e) {
                    LOG.warn("Taking over the inbox rows of dead nodes failed: {}", e.getClass().getSimpleName());
                }
            }
        }
    }

    private synchronized void remove(Waiter waiter) {
        TreeMap<Long, Waiter> scope = waiting.get(waiter.entry().scopeId());
        if (scope != null) {
            scope.remove(waiter.entry().seq());
            if (scope.isEmpty()) {
                waiting.remove(waiter.entry().scopeId());
            }
        }
    }

    private static SilasException shuttingDown() {
        return new SilasException(ErrorCode.ADMISSION_SHUTTING_DOWN, "the Stream stopped before the turn could run");
    }
}
