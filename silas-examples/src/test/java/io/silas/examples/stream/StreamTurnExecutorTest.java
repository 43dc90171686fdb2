package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.stream.Stream;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A turn executor that runs tasks on the submitting thread would run the turn inside {@code submit}, where it waits
 * for its own inbox row; {@code build()} refuses it with {@code CONFIG_INVALID} instead of a {@code submit} that
 * never returns. A normal pool is accepted.
 */
class StreamTurnExecutorTest {
    @Test
    void sameThreadExecutor_refusedAtBuild() {
        try (StreamFixture fx = new StreamFixture("{}")) {
            ExecutorService direct = new DirectExecutor();
            assertThatThrownBy(() -> Stream.builder().config(fx.config).audit(fx.audit)
                    .stores(fx.chronicle, fx.memory, fx.workItems).proxy(StreamFixture.direct(t -> "ok"))
                    .gateRunner(fx.gates).messageTrust(fx.trust).channel(fx.channel).turnExecutor(direct)
                    .clock(fx.clock).build())
                    .isInstanceOfSatisfying(SilasException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                        assertThat(e.getMessage()).contains("turn_executor", "calling thread");
                    });
        }
    }

    @Test
    void callerRunsPolicyPool_refusedAtBuild() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1),
                new ThreadPoolExecutor.CallerRunsPolicy());
        try (StreamFixture fx = new StreamFixture("{}")) {
            assertThatThrownBy(() -> Stream.builder().config(fx.config).audit(fx.audit)
                    .stores(fx.chronicle, fx.memory, fx.workItems).proxy(StreamFixture.direct(t -> "ok"))
                    .gateRunner(fx.gates).messageTrust(fx.trust).channel(fx.channel).turnExecutor(pool)
                    .clock(fx.clock).build())
                    .isInstanceOfSatisfying(SilasException.class,
                            e -> assertThat(e.getMessage()).contains("CallerRunsPolicy"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ownThreadsPool_accepted_turnsRun() throws Exception {
        try (StreamFixture fx = new StreamFixture("{}");
             Stream stream = fx.builder(StreamFixture.direct(t -> "ok " + t)).build()) {
            assertThat(stream.submit(fx.message("a", "hi"), "a").toCompletableFuture().get(60, TimeUnit.SECONDS)
                    .reply()).isEqualTo("ok hi");
        }
    }

    /** Runs every task in place, on the thread that submits it. */
    private static final class DirectExecutor extends AbstractExecutorService {
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return shutdown;
        }
    }
}
