package io.silas.core.stream;

import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One serial worker per connection key on an injected {@link Executor} (CONTRACTS §9): the isolation and
 * backpressure layer of the Stream.
 *
 * <ul>
 *   <li><b>Serial per key.</b> Tasks submitted under one key run one at a time, in arrival order; the next
 *       starts only after the previous one has returned or thrown.</li>
 *   <li><b>Concurrent across keys.</b> Each task is a separate hand-off to the executor, so a long task on one
 *       key does not hold up other keys as long as the executor has a free thread.</li>
 *   <li><b>Failure isolation.</b> A task that throws completes its future exceptionally with that exception
 *       and releases the worker: the key's next task runs.</li>
 *   <li><b>Idle release.</b> A worker exists only while its key has queued or running tasks; once the queue
 *       is empty the worker is removed before the last task's future completes, so idle keys cost nothing.</li>
 *   <li><b>Bounded.</b> At most {@code maxPendingPerKey} queued-or-running tasks per key and
 *       {@code maxPendingTotal} overall; {@link #submit} beyond a bound throws
 *       {@code SilasException(ADMISSION_BUSY)} and enqueues nothing. If the executor rejects a hand-off, every
 *       task still queued under that key fails with {@code ADMISSION_SHUTTING_DOWN}. Nothing is dropped
 *       silently.</li>
 * </ul>
 *
 * <p>Thread-safe: {@link #submit} may be called from any thread. Per-key state is only touched inside
 * {@link ConcurrentHashMap#compute}, which serialises all changes for one key.
 */
public final class ConnectionWorkers {
    private final Executor executor;
    private final int maxPendingPerKey;
    private final int maxPendingTotal;
    private final ConcurrentHashMap<String, ArrayDeque<Entry<?>>> queues = new ConcurrentHashMap<>();
    private final AtomicInteger pendingTotal = new AtomicInteger();

    private ConnectionWorkers(Executor executor, int maxPendingPerKey, int maxPendingTotal) {
        this.executor = executor;
        this.maxPendingPerKey = maxPendingPerKey;
        this.maxPendingTotal = maxPendingTotal;
    }

    /**
     * Workers with explicit bounds.
     *
     * @throws SilasException {@code INVALID_INPUT} for a null executor or a bound {@code < 1}
     */
    public static ConnectionWorkers create(Executor executor, int maxPendingPerKey, int maxPendingTotal) {
        if (executor == null) {
            throw SilasException.invalid("executor", "is required");
        }
        if (maxPendingPerKey < 1) {
            throw SilasException.invalid("max_pending_turns_per_scope", "must be >= 1");
        }
        if (maxPendingTotal < 1) {
            throw SilasException.invalid("max_pending_turns_total", "must be >= 1");
        }
        return new ConnectionWorkers(executor, maxPendingPerKey, maxPendingTotal);
    }

    /** Workers bounded by {@code backpressure.max_pending_turns_per_scope} and {@code max_pending_turns_total}. */
    public static ConnectionWorkers of(Executor executor, SilasConfig.Backpressure backpressure) {
        return create(executor, backpressure.maxPendingTurnsPerScope(), backpressure.maxPendingTurnsTotal());
    }

    /**
     * Queues {@code task} behind the key's earlier tasks.
     *
     * @return a future completed with the task's result, or exceptionally with what it threw
     * @throws SilasException {@code ADMISSION_BUSY} when the key's or the global bound is reached (nothing queued);
     *     {@code INVALID_INPUT} for a blank key or null task
     */
    public <T> CompletableFuture<T> submit(String key, Supplier<? extends T> task) {
        if (key == null || key.isBlank()) {
            throw SilasException.invalid("connection_id", "must not be blank");
        }
        if (task == null) {
            throw SilasException.invalid("task", "is required");
        }
        if (pendingTotal.incrementAndGet() > maxPendingTotal) {
            pendingTotal.decrementAndGet();
            throw new SilasException(ErrorCode.ADMISSION_BUSY,
                    "global turn queue full (" + maxPendingTotal + " pending)");
        }
        Entry<T> entry = new Entry<>(task);
        boolean[] outcome = new boolean[2]; // [0] = accepted, [1] = worker must be started
        queues.compute(key, (k, queue) -> {
            ArrayDeque<Entry<?>> q = queue == null ? new ArrayDeque<>(4) : queue;
            if (q.size() >= maxPendingPerKey) {
                return queue;
            }
            q.addLast(entry);
            outcome[0] = true;
            outcome[1] = q.size() == 1;
            return q;
        });
        if (!outcome[0]) {
            pendingTotal.decrementAndGet();
            throw new SilasException(ErrorCode.ADMISSION_BUSY,
                    "connection turn queue full (" + maxPendingPerKey + " pending)");
        }
        if (outcome[1]) {
            dispatch(key, entry);
        }
        return entry.future;
    }

    /** Tasks queued or running across all keys. */
    public int pendingTotal() {
        return pendingTotal.get();
    }

    /** Keys that currently have a worker (queued or running tasks); idle keys are not counted. */
    public int activeWorkers() {
        return queues.size();
    }

    private void dispatch(String key, Entry<?> head) {
        try {
            executor.execute(() -> runHead(key, head));
        } catch (RejectedExecutionException e) {
            failAll(key, e);
        }
    }

    private void runHead(String key, Entry<?> head) {
        head.run();
        Entry<?>[] next = new Entry<?>[1];
        queues.compute(key, (k, q) -> {
            if (q == null) {
                return null;
            }
            q.pollFirst();
            next[0] = q.peekFirst();
            return q.isEmpty() ? null : q;
        });
        pendingTotal.decrementAndGet();
        head.publish();
        if (next[0] != null) {
            dispatch(key, next[0]);
        }
    }

    private void failAll(String key, RejectedExecutionException cause) {
        List<Entry<?>> failed = new ArrayList<>();
        queues.compute(key, (k, q) -> {
            if (q != null) {
                failed.addAll(q);
            }
            return null;
        });
        pendingTotal.addAndGet(-failed.size());
        SilasException error = new SilasException(ErrorCode.ADMISSION_SHUTTING_DOWN,
                "turn executor rejected the connection's work", cause);
        failed.forEach(entry -> entry.future.completeExceptionally(error));
    }

    /** A queued task and its future; the outcome is captured first and published after the worker advanced. */
    private static final class Entry<T> {
        private final Supplier<? extends T> task;
        private final CompletableFuture<T> future = new CompletableFuture<>();
        private @Nullable T result;
        private @Nullable Throwable failure;

        Entry(Supplier<? extends T> task) {
            this.task = task;
        }

        void run() {
            try {
                result = task.get();
            } catch (Throwable t) { // any failure must release the worker and reach the caller
                failure = t;
            }
        }

        void publish() {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }
    }
}
