package io.silas.core.stream;

import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One serial worker per connection key on an injected {@link Executor} (docs/contracts.md#stream-and-turns): the
 * isolation and backpressure layer of the Stream.
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
 *   <li><b>Owner headroom.</b> {@link Lane#SHEDDABLE} tasks (non-owner traffic) may fill the global bound only up
 *       to {@code maxPendingTotal - ownerReserve}; the last {@code ownerReserve} slots are kept for
 *       {@link Lane#OWNER} tasks, so under global pressure non-owner traffic is shed first.</li>
 *   <li><b>Drain.</b> {@link #awaitIdle} waits for the queues to empty; {@link #cancelAll} then closes the workers:
 *       every queued or running task's future fails with {@code ADMISSION_SHUTTING_DOWN}, running tasks are
 *       interrupted, and later submits are refused.</li>
 * </ul>
 *
 * <p>Thread-safe: {@link #submit} may be called from any thread. Per-key state is only touched inside
 * {@link ConcurrentHashMap#compute}, which serialises all changes for one key.
 */
public final class ConnectionWorkers {
    /** Which part of the global bound a task may use. */
    public enum Lane {
        /** Owner traffic: may use the whole global bound, including the owner reserve. */
        OWNER,
        /** Everyone else: shed once only the owner reserve is left. */
        SHEDDABLE
    }

    private final Executor executor;
    private final int maxPendingPerKey;
    private final int maxPendingTotal;
    private final int ownerReserve;
    private final ConcurrentHashMap<String, ArrayDeque<Entry<?>>> queues = new ConcurrentHashMap<>();
    /** Places held by {@link Reservation}s per key; only changed inside {@code queues.compute} of that key. */
    private final Map<String, Integer> reserved = new ConcurrentHashMap<>();
    private final AtomicInteger pendingTotal = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();
    private final Object idle = new Object();
    private volatile boolean closed;

    private ConnectionWorkers(Executor executor, int maxPendingPerKey, int maxPendingTotal, int ownerReserve) {
        this.executor = executor;
        this.maxPendingPerKey = maxPendingPerKey;
        this.maxPendingTotal = maxPendingTotal;
        this.ownerReserve = ownerReserve;
    }

    /**
     * Workers with explicit bounds.
     *
     * @param executor the executor
     * @param maxPendingPerKey the max pending per key
     * @param maxPendingTotal the max pending total
     * @return the connection workers
     * @throws SilasException {@code INVALID_INPUT} for a null executor or a bound {@code < 1}
     */
    public static ConnectionWorkers create(Executor executor, int maxPendingPerKey, int maxPendingTotal) {
        return create(executor, maxPendingPerKey, maxPendingTotal, 0);
    }

    /**
     * Workers with explicit bounds and {@code ownerReserve} global slots kept for {@link Lane#OWNER} tasks.
     *
     * @param executor the executor
     * @param maxPendingPerKey the max pending per key
     * @param maxPendingTotal the max pending total
     * @param ownerReserve the owner reserve
     * @return the connection workers
     * @throws SilasException {@code INVALID_INPUT} for a null executor, a bound {@code < 1}, or a reserve that is
     *     negative or not below the global bound
     */
    public static ConnectionWorkers create(Executor executor, int maxPendingPerKey, int maxPendingTotal,
                                           int ownerReserve) {
        if (executor == null) {
            throw SilasException.invalid("executor", "is required");
        }
        if (maxPendingPerKey < 1) {
            throw SilasException.invalid("max_pending_turns_per_scope", "must be >= 1");
        }
        if (maxPendingTotal < 1) {
            throw SilasException.invalid("max_pending_turns_total", "must be >= 1");
        }
        if (ownerReserve < 0 || ownerReserve >= maxPendingTotal) {
            throw SilasException.invalid("owner_reserve", "must be >= 0 and below max_pending_turns_total");
        }
        return new ConnectionWorkers(executor, maxPendingPerKey, maxPendingTotal, ownerReserve);
    }

    /**
     * Workers bounded by {@code backpressure.max_pending_turns_per_scope} and {@code max_pending_turns_total}, with
     * one scope's worth of the global bound ({@code max_pending_turns_per_scope}, at most half of the total) kept
     * for owner traffic.
     *
     * @param executor the executor
     * @param backpressure admission queues and drain
     * @return the connection workers
     */
    public static ConnectionWorkers of(Executor executor, SilasConfig.Backpressure backpressure) {
        int total = backpressure.maxPendingTurnsTotal();
        return create(executor, backpressure.maxPendingTurnsPerScope(), total,
                Math.min(backpressure.maxPendingTurnsPerScope(), total / 2));
    }

    /**
     * Queues {@code task} behind the key's earlier tasks in the {@link Lane#OWNER} lane (the whole global bound).
     *
     * @param <T> the type of the value
     * @param key the key
     * @param task the task
     * @return a future completed with the task's result, or exceptionally with what it threw
     * @throws SilasException {@code ADMISSION_BUSY} when the key's or the global bound is reached (nothing queued);
     *     {@code ADMISSION_SHUTTING_DOWN} after {@link #cancelAll}; {@code INVALID_INPUT} for a blank key or null task
     */
    public <T> CompletableFuture<T> submit(String key, Supplier<? extends T> task) {
        return submit(key, Lane.OWNER, task);
    }

    /**
     * Queues {@code task} behind the key's earlier tasks; a {@link Lane#SHEDDABLE} task is refused once only the owner
     * reserve of the global bound is left.
     *
     * @param <T> the type of the value
     * @param key the key
     * @param lane the lane
     * @param task the task
     * @return a future completed with the task's result, or exceptionally with what it threw
     * @throws SilasException {@code ADMISSION_BUSY} when the key's bound or the lane's global bound is reached
     *     (nothing queued); {@code ADMISSION_SHUTTING_DOWN} after {@link #cancelAll}; {@code INVALID_INPUT} for a
     *     blank key, null lane or null task
     */
    public <T> CompletableFuture<T> submit(String key, Lane lane, Supplier<? extends T> task) {
        if (task == null) {
            throw SilasException.invalid("task", "is required");
        }
        return reserve(key, lane).submit(task);
    }

    /**
     * Holds one place in the key's queue and in the lane's global bound, so that the caller can record the task
     * durably before it is queued ({@link Reservation#submit}) or give the place back ({@link Reservation#release}).
     * A held place counts as pending.
     *
     * @param key the key
     * @param lane the lane
     * @return the reservation
     * @throws SilasException {@code ADMISSION_BUSY} when the key's bound or the lane's global bound is reached
     *     (nothing held); {@code ADMISSION_SHUTTING_DOWN} after {@link #cancelAll}; {@code INVALID_INPUT} for a
     *     blank key or null lane
     */
    public Reservation reserve(String key, Lane lane) {
        if (lane == null) {
            throw SilasException.invalid("lane", "is required");
        }
        if (key == null || key.isBlank()) {
            throw SilasException.invalid("connection_id", "must not be blank");
        }
        if (closed) {
            throw new SilasException(ErrorCode.ADMISSION_SHUTTING_DOWN, "turn workers are shut down");
        }
        int bound = lane == Lane.OWNER ? maxPendingTotal : maxPendingTotal - ownerReserve;
        if (pendingTotal.incrementAndGet() > bound) {
            pendingTotal.decrementAndGet();
            throw new SilasException(ErrorCode.ADMISSION_BUSY,
                    "global turn queue full (" + bound + " pending for lane " + lane + ")");
        }
        boolean[] held = new boolean[1];
        queues.compute(key, (k, queue) -> {
            if ((queue == null ? 0 : queue.size()) + reserved.getOrDefault(k, 0) >= maxPendingPerKey) {
                return queue;
            }
            reserved.merge(k, 1, Integer::sum);
            held[0] = true;
            return queue;
        });
        if (!held[0]) {
            changePending(-1);
            throw new SilasException(ErrorCode.ADMISSION_BUSY,
                    "connection turn queue full (" + maxPendingPerKey + " pending)");
        }
        return new Reservation(key);
    }

    /**
     * Tasks queued or running across all keys.
     *
     * @return the int
     */
    public int pendingTotal() {
        return pendingTotal.get();
    }

    /**
     * Keys that currently have a worker (queued or running tasks); idle keys are not counted.
     *
     * @return the int
     */
    public int activeWorkers() {
        return queues.size();
    }

    /**
     * Queued-or-running tasks per key with a worker; a consistent snapshot per key, not across keys.
     *
     * @return the integer>
     */
    public Map<String, Integer> pendingByKey() {
        Map<String, Integer> snapshot = new TreeMap<>();
        queues.forEach((key, q) -> queues.computeIfPresent(key, (k, current) -> {
            snapshot.put(k, current.size());
            return current;
        }));
        return snapshot;
    }

    /**
     * Tasks that ran to completion (returned or threw) so far; cancelled tasks are not counted.
     *
     * @return the long
     */
    public long completedCount() {
        return completed.get();
    }

    /** {@return the per-key bound} */
    public int maxPendingPerKey() {
        return maxPendingPerKey;
    }

    /** {@return the global bound for {@link Lane#SHEDDABLE} tasks ({@code maxPendingTotal - ownerReserve})} */
    public int sheddableBound() {
        return maxPendingTotal - ownerReserve;
    }

    /** {@return the global bound for {@link Lane#OWNER} tasks} */
    public int maxPendingTotal() {
        return maxPendingTotal;
    }

    /**
     * Waits until no task is queued or running, or {@code timeout} has passed (real time: it waits for threads).
     *
     * @param timeout how long to wait
     * @return whether the workers became idle
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        synchronized (idle) {
            while (pendingTotal.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    /**
     * Closes the workers: every queued or running task's future fails with {@code ADMISSION_SHUTTING_DOWN}, running
     * tasks are interrupted, and later {@link #submit}s are refused. A running task keeps its thread until it
     * returns (interruption is cooperative), but its key's worker is released at once.
     *
     * @return the keys of the cancelled tasks, one element per task
     */
    public List<String> cancelAll() {
        closed = true;
        List<String> cancelledKeys = new ArrayList<>();
        SilasException error = new SilasException(ErrorCode.ADMISSION_SHUTTING_DOWN, "turn cancelled by shutdown");
        for (String key : List.copyOf(queues.keySet())) {
            List<Entry<?>> cancelled = new ArrayList<>();
            queues.compute(key, (k, q) -> {
                if (q != null) {
                    cancelled.addAll(q);
                }
                return null;
            });
            changePending(-cancelled.size());
            for (Entry<?> entry : cancelled) {
                cancelledKeys.add(key);
                entry.cancel(error.withCorrelation(null, key, null));
            }
        }
        return cancelledKeys;
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
        boolean[] polled = new boolean[1];
        queues.compute(key, (k, q) -> {
            if (q == null || q.peekFirst() != head) {
                return q; // cancelled by cancelAll, which already released the worker and the count
            }
            q.pollFirst();
            polled[0] = true;
            next[0] = q.peekFirst();
            return q.isEmpty() ? null : q;
        });
        if (!polled[0]) {
            return;
        }
        completed.incrementAndGet();
        changePending(-1);
        head.publish();
        if (next[0] != null) {
            dispatch(key, next[0]);
        }
    }

    private void changePending(int delta) {
        if (delta == 0) {
            return;
        }
        if (pendingTotal.addAndGet(delta) == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
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
        changePending(-failed.size());
        SilasException error = new SilasException(ErrorCode.ADMISSION_SHUTTING_DOWN,
                "turn executor rejected the connection's work", cause);
        failed.forEach(entry -> entry.future.completeExceptionally(error));
    }

    /**
     * One place held in a key's queue ({@link #reserve}): queue a task in it once, or release it. Not thread-safe;
     * used by the admitting thread only.
     */
    public final class Reservation {
        private final String key;
        private boolean done;

        private Reservation(String key) {
            this.key = key;
        }

        /**
         * Queues {@code task} in the held place, behind the key's earlier tasks.
         *
         * @param <T> the type of the value
         * @param task the task
         * @return a future completed with the task's result, or exceptionally with what it threw; failed with
         *     {@code ADMISSION_SHUTTING_DOWN} (the task never runs) when the workers were closed meanwhile
         * @throws SilasException {@code INVALID_INPUT} for a null task or a place already used or released
         */
        public <T> CompletableFuture<T> submit(Supplier<? extends T> task) {
            if (task == null) {
                throw SilasException.invalid("task", "is required");
            }
            use();
            if (closed) {
                give();
                return CompletableFuture.failedFuture(new SilasException(ErrorCode.ADMISSION_SHUTTING_DOWN,
                        "turn workers are shut down").withCorrelation(null, key, null));
            }
            Entry<T> entry = new Entry<>(task);
            boolean[] start = new boolean[1];
            queues.compute(key, (k, queue) -> {
                unhold(k);
                ArrayDeque<Entry<?>> q = queue == null ? new ArrayDeque<>(4) : queue;
                q.addLast(entry);
                start[0] = q.size() == 1;
                return q;
            });
            if (start[0]) {
                dispatch(key, entry);
            }
            return entry.future;
        }

        /** Gives the place back unused (e.g. the task could not be recorded); a no-op once used or released. */
        public void release() {
            if (!done) {
                use();
                give();
            }
        }

        private void use() {
            if (done) {
                throw SilasException.invalid("reservation", "already used or released");
            }
            done = true;
        }

        private void give() {
            queues.compute(key, (k, queue) -> {
                unhold(k);
                return queue;
            });
            changePending(-1);
        }
    }

    private void unhold(String key) {
        reserved.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
    }

    /** A queued task and its future; the outcome is captured first and published after the worker advanced. */
    private static final class Entry<T> {
        private final Supplier<? extends T> task;
        private final CompletableFuture<T> future = new CompletableFuture<>();
        private @Nullable T result;
        private @Nullable Throwable failure;
        private @Nullable Thread runner;
        private boolean cancelled;

        Entry(Supplier<? extends T> task) {
            this.task = task;
        }

        void run() {
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                runner = Thread.currentThread();
            }
            try {
                result = task.get();
            } catch (Throwable t) { // any failure must release the worker and reach the caller
                failure = t;
            } finally {
                synchronized (this) {
                    runner = null;
                    if (cancelled) {
                        Thread.interrupted(); // do not leak the cancellation interrupt into the pool's next task
                    }
                }
            }
        }

        /** Fails the future now and interrupts the task if it is running. */
        void cancel(SilasException error) {
            synchronized (this) {
                cancelled = true;
                if (runner != null) {
                    runner.interrupt();
                }
            }
            future.completeExceptionally(error);
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
