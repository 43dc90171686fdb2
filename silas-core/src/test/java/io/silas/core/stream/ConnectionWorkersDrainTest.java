package io.silas.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Owner headroom, idle waiting and cancellation of {@link ConnectionWorkers}, on a real thread pool. */
class ConnectionWorkersDrainTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void submit_sheddableLaneAtItsBound_refusedWhileOwnerLaneStillAdmitted() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        ConnectionWorkers workers = ConnectionWorkers.create(pool, 2, 6, 2);
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 2; i++) {
                workers.submit("c" + k, ConnectionWorkers.Lane.SHEDDABLE, () -> await(hold));
            }
        }

        assertThatThrownBy(() -> workers.submit("c9", ConnectionWorkers.Lane.SHEDDABLE, () -> "no"))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ADMISSION_BUSY));
        CompletableFuture<String> owner = workers.submit("owner", ConnectionWorkers.Lane.OWNER, () -> "yes");
        assertThat(owner.get(30, TimeUnit.SECONDS)).isEqualTo("yes");
        assertThat(workers.sheddableBound()).isEqualTo(4);
        hold.countDown();
        assertThat(workers.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(workers.completedCount()).isEqualTo(5);
    }

    @Test
    void of_backpressureDefaults_keepsOneScopeOfHeadroomForTheOwner() {
        ConnectionWorkers workers = ConnectionWorkers.of(pool, SilasConfig.Backpressure.defaults());

        assertThat(workers.maxPendingTotal()).isEqualTo(500);
        assertThat(workers.sheddableBound()).isEqualTo(480);
        assertThatThrownBy(() -> ConnectionWorkers.create(pool, 1, 5, 5)).isInstanceOf(SilasException.class);
    }

    @Test
    void cancelAll_runningAndQueued_failShuttingDownInterruptAndRefuseLaterSubmits() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        ConnectionWorkers workers = ConnectionWorkers.create(pool, 5, 10);
        CompletableFuture<String> running = workers.submit("a", () -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return "late";
        });
        CompletableFuture<String> queued = workers.submit("a", () -> "never");
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(workers.awaitIdle(Duration.ofMillis(1))).isFalse();
        assertThat(workers.pendingByKey()).containsEntry("a", 2);
        assertThat(workers.cancelAll()).containsExactly("a", "a");

        for (CompletableFuture<String> f : java.util.List.of(running, queued)) {
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOfSatisfying(SilasException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ADMISSION_SHUTTING_DOWN);
                        assertThat(e.scopeId()).isEqualTo("a");
                    });
        }
        assertThat(workers.pendingTotal()).isZero();
        assertThat(workers.activeWorkers()).isZero();
        assertThat(workers.awaitIdle(Duration.ZERO)).isTrue();
        assertThatThrownBy(() -> workers.submit("b", () -> "x")).isInstanceOfSatisfying(SilasException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ADMISSION_SHUTTING_DOWN));
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).isTrue();
        assertThat(workers.completedCount()).isZero();
    }

    private static String await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS) ? "done" : "timeout";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
