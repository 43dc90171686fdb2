package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.agent.ProxyAgent;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamIsolationTest {
    private static final long WAIT_SECONDS = 60;

    private final StreamFixture fx = new StreamFixture(StreamFixture.CONFIG_YAML
            + "backpressure: {max_pending_turns_total: 2000}\n");

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void submit_twoMessagesSameConnection_turnsRunSeriallyInArrivalOrder() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch secondQueued = new CountDownLatch(1);
        ProxyAgent proxy = request -> {
            events.add("start " + request.message());
            if (request.message().equals("u1")) {
                await(secondQueued);
            }
            events.add("end " + request.message());
            return StreamFixture.direct(t -> "reply " + t).route(request);
        };
        try (Stream stream = fx.builder(proxy).build()) {
            CompletableFuture<TurnResult> first = stream.submit(fx.message("a", "u1"), "a").toCompletableFuture();
            CompletableFuture<TurnResult> second = stream.submit(fx.message("a", "u2"), "a").toCompletableFuture();
            secondQueued.countDown();

            assertThat(first.get(WAIT_SECONDS, TimeUnit.SECONDS).turnNumber()).isEqualTo(1);
            assertThat(second.get(WAIT_SECONDS, TimeUnit.SECONDS).turnNumber()).isEqualTo(2);
            assertThat(events).containsExactly("start u1", "end u1", "start u2", "end u2");
            assertThat(fx.chronicleOf("a")).containsExactly("u1", "reply u1", "u2", "reply u2");
            assertThat(fx.channel.sentTo("a")).containsExactly("reply u1", "reply u2");
        }
    }

    @Test
    void submit_proxyBlockedOnA_connectionBCompletes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ProxyAgent proxy = request -> {
            if (request.message().equals("slow")) {
                await(release);
            }
            return StreamFixture.direct(t -> "reply " + t).route(request);
        };
        try (Stream stream = fx.builder(proxy).build()) {
            CompletableFuture<TurnResult> a = stream.submit(fx.message("a", "slow"), "a").toCompletableFuture();
            TurnResult b = stream.submit(fx.message("b", "fast"), "b").toCompletableFuture()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(b.reply()).isEqualTo("reply fast");
            assertThat(a).isNotDone();
            release.countDown();
            assertThat(a.get(WAIT_SECONDS, TimeUnit.SECONDS).reply()).isEqualTo("reply slow");
        }
    }

    @Test
    void submit_fiftyConnectionsTenMessagesEach_orderKeptAndNothingCrossesScopes() throws Exception {
        Pattern tag = Pattern.compile("c(\\d+)-m\\d+");
        List<String> leaks = new CopyOnWriteArrayList<>();
        ProxyAgent proxy = request -> {
            Matcher own = tag.matcher(request.message());
            own.find();
            Matcher seen = tag.matcher(request.context());
            while (seen.find()) {
                if (!seen.group(1).equals(own.group(1))) {
                    leaks.add(request.message() + " saw " + seen.group());
                }
            }
            return StreamFixture.direct(t -> "reply to " + t).route(request);
        };
        int connections = 50;
        int perConnection = 10;
        ExecutorService submitters = Executors.newFixedThreadPool(8);
        try (Stream stream = fx.builder(proxy).build()) {
            List<CompletableFuture<List<CompletableFuture<TurnResult>>>> submitted = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                String connection = "c" + c;
                submitted.add(CompletableFuture.supplyAsync(() -> {
                    List<CompletableFuture<TurnResult>> turns = new ArrayList<>();
                    for (int m = 0; m < perConnection; m++) {
                        turns.add(stream.submit(fx.message(connection, connection + "-m" + m), connection)
                                .toCompletableFuture());
                    }
                    return turns;
                }, submitters));
            }
            for (var perConn : submitted) {
                for (var turn : perConn.get(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    turn.get(WAIT_SECONDS, TimeUnit.SECONDS);
                }
            }
        } finally {
            submitters.shutdownNow();
        }
        assertThat(leaks).isEmpty();
        for (int c = 0; c < connections; c++) {
            String connection = "c" + c;
            List<String> expectedChronicle = new ArrayList<>();
            List<String> expectedReplies = new ArrayList<>();
            for (int m = 0; m < perConnection; m++) {
                expectedChronicle.add(connection + "-m" + m);
                expectedChronicle.add("reply to " + connection + "-m" + m);
                expectedReplies.add("reply to " + connection + "-m" + m);
            }
            assertThat(fx.chronicleOf(connection)).containsExactlyElementsOf(expectedChronicle);
            assertThat(fx.channel.sentTo(connection)).containsExactlyElementsOf(expectedReplies);
        }
        assertThat(fx.channel.all()).hasSize(connections);
    }

    @Test
    void submit_turnOfAThrows_aReleasedAndBCompletes() throws Exception {
        try (Stream stream = fx.builder(StreamFixture.direct(t -> "reply " + t)).build()) {
            fx.channel.failNextSendTo("a");
            CompletableFuture<TurnResult> failed = stream.submit(fx.message("a", "one"), "a").toCompletableFuture();
            CompletableFuture<TurnResult> next = stream.submit(fx.message("a", "two"), "a").toCompletableFuture();
            TurnResult b = stream.submit(fx.message("b", "three"), "b").toCompletableFuture()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThatThrownBy(() -> failed.get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(SilasException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CHANNEL_FAILURE));
            assertThat(next.get(WAIT_SECONDS, TimeUnit.SECONDS).reply()).isEqualTo("reply two");
            assertThat(b.reply()).isEqualTo("reply three");
            assertThat(fx.channel.sentTo("a")).containsExactly("reply two");
            assertThat(stream.pendingTurns()).isZero();
        }
    }

    @Test
    void submit_scopeQueueFull_admissionBusyAndNothingQueued() throws Exception {
        StreamFixture small = new StreamFixture(StreamFixture.CONFIG_YAML
                + "backpressure: {max_pending_turns_per_scope: 1}\n");
        CountDownLatch release = new CountDownLatch(1);
        ProxyAgent proxy = request -> {
            await(release);
            return StreamFixture.direct(t -> "reply " + t).route(request);
        };
        try (small; Stream stream = small.builder(proxy).build()) {
            CompletableFuture<TurnResult> first = stream.submit(small.message("a", "one"), "a").toCompletableFuture();
            CompletableFuture<TurnResult> busy = stream.submit(small.message("a", "two"), "a").toCompletableFuture();

            assertThatThrownBy(() -> busy.get(WAIT_SECONDS, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(SilasException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ADMISSION_BUSY));
            release.countDown();
            assertThat(first.get(WAIT_SECONDS, TimeUnit.SECONDS).reply()).isEqualTo("reply one");
            assertThat(small.chronicleOf("a")).containsExactly("one", "reply one");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
