package io.silas.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionWorkersTest {
    /** Hang guard only: no assertion depends on timing. */
    private static final long GUARD_SECONDS = 30;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** An executor the test drives by hand, so bounds are checked deterministically. */
    private static final class ManualExecutor implements java.util.concurrent.Executor {
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        private boolean rejecting;

        @Override
        public synchronized void execute(Runnable command) {
            if (rejecting) {
                throw new RejectedExecutionException("stopped");
            }
            tasks.add(command);
        }

        void runAll() {
            Runnable next;
            while ((next = poll()) != null) {
                next.run();
            }
        }

        synchronized Runnable poll() {
            return tasks.poll();
        }

        synchronized int queued() {
            return tasks.size();
        }
    }

    @Test
    void submit_200keysX20tasksConcurrently_eachKeyKeepsArrivalOrderAndNeverOverlaps() throws Exception {
        int keys = 200;
        int perKey = 20;
        ConnectionWorkers workers = ConnectionWorkers.create(pool, perKey, keys * perKey);
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        List<CompletableFuture<Integer>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService submitters = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            int slice = s;
            done.add(submitters.submit(() -> {
                go.await();
                for (int i = 0; i < perKey; i++) {
                    for (int k = slice; k < keys; k += 8) {
                        String key = "conn-" + k;
                        seen.putIfAbsent(key, new ArrayList<>()); // plain list: the worker must serialise access
                        inFlight.putIfAbsent(key, new AtomicInteger());
                        int index = i;
                        futures.add(workers.submit(key, () -> {
                            if (inFlight.get(key).incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            seen.get(key).add(index);
                            Thread.yield();
                            inFlight.get(key).decrementAndGet();
                            return index;
                        }));
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (java.util.concurrent.Future<?> f : done) {
            f.get(GUARD_SECONDS, TimeUnit.SECONDS);
        }
        submitters.shutdown();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(GUARD_SECONDS, TimeUnit.SECONDS);

        List<Integer> expected = java.util.stream.IntStream.range(0, perKey).boxed().toList();
        assertThat(seen).hasSize(keys);
        seen.values().forEach(order -> assertThat(order).containsExactlyElementsOf(expected));
        assertThat(overlaps).hasValue(0);
        assertThat(workers.activeWorkers()).isZero();
        assertThat(workers.pendingTotal()).isZero();
    }

    @Test
    void submit_blockedTaskOnA_doesNotDelayB() throws Exception {
        ConnectionWorkers workers = ConnectionWorkers.of(pool, SilasConfig.Backpressure.defaults());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch aStarted = new CountDownLatch(1);
        CompletableFuture<String> a1 = workers.submit("A", () -> {
            aStarted.countDown();
            await(release);
            return "a1";
        });
        CompletableFuture<String> a2 = workers.submit("A", () -> "a2");
        aStarted.await(GUARD_SECONDS, TimeUnit.SECONDS);

        assertThat(workers.submit("B", () -> "b1").get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo("b1");
        assertThat(a1).isNotDone();
        assertThat(a2).isNotDone();

        release.countDown();
        assertThat(a2.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo("a2");
        assertThat(a1.join()).isEqualTo("a1");
    }

    @Test
    void submit_taskThrows_futureFailsAndNextTaskOfSameKeyRuns() throws Exception {
        ConnectionWorkers workers = ConnectionWorkers.of(pool, SilasConfig.Backpressure.defaults());
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<String> failing = workers.submit("A", () -> {
            throw boom;
        });
        CompletableFuture<String> next = workers.submit("A", () -> "after");
        CompletableFuture<String> other = workers.submit("B", () -> "b");

        assertThat(next.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo("after");
        assertThat(other.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo("b");
        assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class).hasCause(boom);
        assertThat(workers.activeWorkers()).isZero();
    }

    @Test
    void submit_100kConnectionsDrained_noWorkerKeptAndReleasedBeforeLastFutureCompletes() {
        ManualExecutor manual = new ManualExecutor();
        ConnectionWorkers workers = ConnectionWorkers.create(manual, 20, 100_001);
        AtomicInteger workersSeenAtCompletion = new AtomicInteger(-1);
        for (int i = 0; i < 100_000; i++) {
            workers.submit("conn-" + i, () -> "x");
        }
        CompletableFuture<String> last = workers.submit("conn-last", () -> "y");
        last.thenRun(() -> workersSeenAtCompletion.set(workers.activeWorkers()));
        assertThat(workers.activeWorkers()).isEqualTo(100_001);

        manual.runAll();

        assertThat(workers.activeWorkers()).isZero();
        assertThat(workers.pendingTotal()).isZero();
        assertThat(workersSeenAtCompletion).hasValue(0);
    }

    @Test
    void submit_perKeyBoundReached_rejectsBusyAndQueuesNothing() {
        ManualExecutor manual = new ManualExecutor();
        ConnectionWorkers workers = ConnectionWorkers.create(manual, 20, 500);
        for (int i = 0; i < 20; i++) {
            workers.submit("A", () -> "ok");
        }

        assertThatThrownBy(() -> workers.submit("A", () -> "too many")).isInstanceOf(SilasException.class)
                .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.ADMISSION_BUSY);
        assertThat(workers.pendingTotal()).isEqualTo(20);
        assertThat(workers.submit("B", () -> "other")).isNotNull();

        manual.runAll();
        assertThat(workers.submit("A", () -> "again")).isNotNull();
    }

    @Test
    void submit_globalBoundReached_rejectsBusyOnAnyKey() {
        ManualExecutor manual = new ManualExecutor();
        ConnectionWorkers workers = ConnectionWorkers.of(manual, SilasConfig.Backpressure.defaults());
        for (int k = 0; k < 25; k++) {
            for (int i = 0; i < 20; i++) {
                workers.submit("conn-" + k, () -> "ok");
            }
        }

        assertThatThrownBy(() -> workers.submit("fresh", () -> "no")).isInstanceOf(SilasException.class)
                .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.ADMISSION_BUSY);
        assertThat(workers.pendingTotal()).isEqualTo(500);
        assertThat(workers.activeWorkers()).isEqualTo(25);

        manual.runAll();
        assertThat(workers.pendingTotal()).isZero();
        assertThat(workers.submit("fresh", () -> "yes")).isNotNull();
    }

    @Test
    void submit_executorRejects_allQueuedTasksOfKeyFailShuttingDown() {
        ManualExecutor manual = new ManualExecutor();
        ConnectionWorkers workers = ConnectionWorkers.create(manual, 20, 500);
        CompletableFuture<String> first = workers.submit("A", () -> "1");
        CompletableFuture<String> second = workers.submit("A", () -> "2");
        manual.rejecting = true;

        manual.poll().run();

        assertThat(first.join()).isEqualTo("1");
        assertThatThrownBy(second::join).hasCauseInstanceOf(SilasException.class)
                .cause().extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.ADMISSION_SHUTTING_DOWN);
        assertThat(workers.pendingTotal()).isZero();
        assertThat(workers.activeWorkers()).isZero();
        assertThat(manual.queued()).isZero();
    }

    @Test
    void create_invalidBounds_rejected() {
        assertThatThrownBy(() -> ConnectionWorkers.create(pool, 0, 10)).isInstanceOf(SilasException.class)
                .hasMessageContaining("max_pending_turns_per_scope");
        assertThatThrownBy(() -> ConnectionWorkers.create(pool, 1, 0)).isInstanceOf(SilasException.class)
                .hasMessageContaining("max_pending_turns_total");
        assertThatThrownBy(() -> ConnectionWorkers.create(null, 1, 1)).isInstanceOf(SilasException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(GUARD_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void reserve_holdsAPlaceInTheKeysBound_untilSubmittedOrReleased() throws Exception {
        ManualExecutor manual = new ManualExecutor();
        ConnectionWorkers workers = ConnectionWorkers.create(manual, 2, 10);

        ConnectionWorkers.Reservation first = workers.reserve("a", ConnectionWorkers.Lane.SHEDDABLE);
        ConnectionWorkers.Reservation second = workers.reserve("a", ConnectionWorkers.Lane.SHEDDABLE);
        assertThat(workers.pendingTotal()).isEqualTo(2);
        assertThatThrownBy(() -> workers.submit("a", () -> "third")).isInstanceOfSatisfying(SilasException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ADMISSION_BUSY));

        second.release();
        second.release();
        CompletableFuture<String> done = first.submit(() -> "first");
        CompletableFuture<String> next = workers.submit("a", () -> "next");
        assertThatThrownBy(() -> first.submit(() -> "again")).isInstanceOf(SilasException.class);
        manual.runAll();

        assertThat(done.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(next.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo("next");
        assertThat(workers.pendingTotal()).isZero();
    }

    @Test
    void reserve_thenCancelAll_submitFailsShuttingDownAndNothingRuns() {
        ManualExecutor manual = new ManualExecutor();
        ConnectionWorkers workers = ConnectionWorkers.create(manual, 2, 10);
        ConnectionWorkers.Reservation held = workers.reserve("a", ConnectionWorkers.Lane.OWNER);
        AtomicInteger ran = new AtomicInteger();

        workers.cancelAll();
        CompletableFuture<Integer> late = held.submit(ran::incrementAndGet);
        manual.runAll();

        assertThat(late).isCompletedExceptionally();
        assertThatThrownBy(late::join).hasCauseInstanceOf(SilasException.class)
                .hasMessageContaining("shut down");
        assertThat(ran).hasValue(0);
        assertThat(workers.pendingTotal()).isZero();
    }
}
