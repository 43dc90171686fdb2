package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.MemoryOp;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.audit.AuditEntry;
import io.silas.core.channel.CardAnswer;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.SignedMessage;
import io.silas.core.channel.SuggestionCard;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.memory.MemoryType;
import io.silas.core.stream.Stream;
import io.silas.core.stream.StreamHealth;
import io.silas.core.stream.TurnResult;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.vocabulary.RiskLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Admission control and rate limits (docs/contracts.md#admission-and-rate-limits, #health) over real trust, gates and
 * audit; only the proxy is scripted.
 */
class StreamAdmissionTest {
    private static final int WAIT_SECONDS = 60;

    @Test
    void submit_21stPendingTurnOfAScope_busyRetryWhileThe20QueuedRunInOrder() throws Exception {
        StreamFixture fx = new StreamFixture();
        CountDownLatch release = new CountDownLatch(1);
        ProxyAgent proxy = request -> {
            await(release);
            return StreamFixture.direct(t -> "reply " + t).route(request);
        };
        try (fx; Stream stream = fx.builder(proxy).build()) {
            List<CompletableFuture<TurnResult>> queued = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                queued.add(stream.submit(fx.message("a", "m" + i), "a").toCompletableFuture());
            }
            CompletableFuture<TurnResult> busy = stream.submit(fx.message("a", "m21"), "a").toCompletableFuture();

            assertFailsWith(busy, ErrorCode.ADMISSION_BUSY);
            StreamHealth health = stream.health();
            assertThat(health.scopesAtBound()).containsExactly("a");
            assertThat(health.pendingByScope()).containsEntry("a", 20);
            assertThat(health.status()).isEqualTo(StreamHealth.Status.OK);
            release.countDown();
            for (int i = 0; i < 20; i++) {
                TurnResult r = queued.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(r.turnNumber()).isEqualTo(i + 1);
                assertThat(r.reply()).isEqualTo("reply m" + (i + 1));
            }
            assertThat(fx.channel.sentTo("a")).hasSize(21).first()
                    .isEqualTo(ErrorCode.ADMISSION_BUSY.userMessage());
            assertThat(fx.chronicleOf("a")).doesNotContain("m21").hasSize(40);
            List<AuditEntry> rejected = fx.audit.findByEvent("admission_rejected");
            assertThat(rejected).singleElement().satisfies(e -> assertThat(data(e))
                    .containsEntry("reason", "busy_retry").containsEntry("scope_id", "a")
                    .containsEntry("error_code", ErrorCode.ADMISSION_BUSY.id()));
            assertThat(stream.submit(fx.message("a", "m22"), "a").toCompletableFuture()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS).turnNumber()).isEqualTo(21);
        }
    }

    @Test
    void submit_atTheGlobalBound_signedOwnerMessageAdmitted_unsignedOnOwnerConnectionShed() throws Exception {
        StreamFixture fx = new StreamFixture(StreamFixture.CONFIG_YAML
                + "backpressure: {max_pending_turns_per_scope: 2, max_pending_turns_total: 8}\n");
        CountDownLatch release = new CountDownLatch(1);
        ProxyAgent proxy = request -> {
            await(release);
            return StreamFixture.direct(t -> "reply " + t).route(request);
        };
        try (fx; Stream stream = fx.builder(proxy).build()) {
            List<CompletableFuture<TurnResult>> admitted = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 2; i++) {
                    admitted.add(stream.submit(fx.message("c" + c, "x"), "c" + c).toCompletableFuture());
                }
            }
            CompletableFuture<TurnResult> shed = stream.submit(fx.message("c9", "x"), "c9").toCompletableFuture();
            assertFailsWith(shed, ErrorCode.ADMISSION_BUSY);
            assertThat(stream.health().globalPressure()).isTrue();

            CompletableFuture<TurnResult> owner = stream.submit(fx.message("owner", "hello"), "owner")
                    .toCompletableFuture();
            ChannelMessage text = fx.message("owner", "signed hello");
            String nonce = "nonce-0123456789abcdef";
            SignedMessage signed = new SignedMessage(text, fx.ownerKeys.sign(
                    SignedMessage.canonicalBytes(text.text(), text.timestamp(), nonce)), nonce, text.timestamp());
            CompletableFuture<TurnResult> signedOwner = stream.submit(signed, "phone").toCompletableFuture();
            CompletableFuture<TurnResult> forged = stream.submit(new SignedMessage(text, new byte[64], nonce,
                    text.timestamp()), "laptop").toCompletableFuture();

            assertFailsWith(forged, ErrorCode.ADMISSION_BUSY);
            assertFailsWith(owner, ErrorCode.ADMISSION_BUSY);
            release.countDown();
            assertThat(signedOwner.get(WAIT_SECONDS, TimeUnit.SECONDS).reply()).isEqualTo("reply signed hello");
            for (CompletableFuture<TurnResult> f : admitted) {
                assertThat(f.get(WAIT_SECONDS, TimeUnit.SECONDS).reply()).isEqualTo("reply x");
            }
            assertThat(fx.audit.findByEvent("admission_rejected")).extracting(e -> data(e).get("lane"))
                    .containsExactly("sheddable", "sheddable", "sheddable");
        }
    }

    @Test
    void submit_61stMessageInAMinute_rateLimitedUntilTheClockMoves() throws Exception {
        StreamFixture fx = new StreamFixture();
        try (fx; Stream stream = fx.builder(StreamFixture.direct(t -> "ok")).build()) {
            for (int i = 0; i < 60; i++) {
                stream.submit(fx.message("a", "m" + i), "a").toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            CompletableFuture<TurnResult> limited = stream.submit(fx.message("a", "m60"), "a").toCompletableFuture();

            assertFailsWith(limited, ErrorCode.ADMISSION_RATE_LIMITED);
            assertThat(fx.channel.sentTo("a")).last().isEqualTo(ErrorCode.ADMISSION_RATE_LIMITED.userMessage());
            assertThat(fx.chronicleOf("a")).doesNotContain("m60");
            assertThat(fx.audit.findByEvent("rate_limited")).filteredOn(e -> !"llm_calls_per_minute_per_scope"
                    .equals(data(e).get("limit"))).singleElement().satisfies(e -> assertThat(data(e))
                    .containsEntry("limit", "ws_messages_per_minute_per_scope").containsEntry("scope_id", "a")
                    .containsEntry("connection_id", "a").containsEntry("security_event", true));
            assertThat(stream.submit(fx.message("b", "other scope"), "b").toCompletableFuture()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS).reply()).isEqualTo("ok");

            fx.clock.advance(Duration.ofSeconds(1));
            TurnResult next = stream.submit(fx.message("a", "m61"), "a").toCompletableFuture()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(next.turnNumber()).isEqualTo(61);
        }
    }

    @Test
    void submit_perClientAddressLimit_spansConnections() throws Exception {
        StreamFixture fx = new StreamFixture(StreamFixture.CONFIG_YAML + "limits: {ws_messages_per_minute_per_ip: 3}\n");
        try (fx; Stream stream = fx.builder(StreamFixture.direct(t -> "ok")).build()) {
            for (int i = 0; i < 3; i++) {
                stream.submit(fx.message("c" + i, "hi"), "c" + i, "203.0.113.7").toCompletableFuture()
                        .get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            assertFailsWith(stream.submit(fx.message("c9", "hi"), "c9", "203.0.113.7").toCompletableFuture(),
                    ErrorCode.ADMISSION_RATE_LIMITED);
            assertThat(stream.submit(fx.message("c9", "hi"), "c9", "198.51.100.1").toCompletableFuture()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS).reply()).isEqualTo("ok");
            assertThat(fx.audit.findByEvent("rate_limited")).singleElement().satisfies(e -> assertThat(data(e))
                    .containsEntry("limit", "ws_messages_per_minute_per_ip")
                    .containsEntry("client_address", "203.0.113.7"));
        }
    }

    @Test
    void turn_llmCallLimitReached_fallbackReplyWithoutCallingTheProxy() throws Exception {
        StreamFixture fx = new StreamFixture(StreamFixture.CONFIG_YAML
                + "limits: {llm_calls_per_minute_per_scope: 2}\n");
        AtomicInteger calls = new AtomicInteger();
        ProxyAgent proxy = request -> {
            calls.incrementAndGet();
            return StreamFixture.direct(t -> "ok").route(request);
        };
        try (fx; Stream stream = fx.builder(proxy).build()) {
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                replies.add(stream.submit(fx.message("a", "q" + i), "a").toCompletableFuture()
                        .get(WAIT_SECONDS, TimeUnit.SECONDS).reply());
            }

            assertThat(calls).hasValue(2);
            assertThat(replies.subList(0, 2)).containsOnly("ok");
            assertThat(replies.get(2)).isEqualTo(ProxyAgent.FALLBACK_MESSAGE);
            assertThat(fx.audit.findByEvent("proxy_fallback")).singleElement()
                    .satisfies(e -> assertThat(data(e)).containsEntry("reason", "rate_limited"));
            assertThat(fx.audit.findByEvent("rate_limited")).singleElement()
                    .satisfies(e -> assertThat(data(e)).containsEntry("limit", "llm_calls_per_minute_per_scope"));
        }
    }

    @Test
    void turn_memoryOpsBeyondThePerMinuteBudget_truncatedAndAudited() throws Exception {
        StreamFixture fx = new StreamFixture(StreamFixture.CONFIG_YAML
                + "limits: {memory_ops_per_minute_per_scope: 3}\n");
        List<MemoryOp> ops = IntStream.range(0, 5).mapToObj(i -> MemoryOp.store("pelican fact " + i,
                MemoryType.FACT, List.of(), List.of())).toList();
        ProxyAgent proxy = request -> RouteDecision.direct(new AgentResponse("stored", List.of(), ops, null, false),
                "scripted", InteractionRegister.STATUS, InteractionMode.DEFAULT_AND_OFFER, "conversation");
        try (fx; Stream stream = fx.builder(proxy).build()) {
            stream.submit(fx.message("a", "remember"), "a").toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(fx.memory.searchKeyword("a", "pelican", 50)).hasSize(3);
            assertThat(fx.audit.findByEvent("memory_ops_truncated")).singleElement().satisfies(e -> assertThat(
                    data(e)).containsEntry("requested", 5).containsEntry("allowed", 3).containsEntry("dropped", 2)
                    .containsEntry("reason", "memory_ops_per_minute_per_scope"));
            assertThat(fx.audit.findByEvent("rate_limited")).singleElement()
                    .satisfies(e -> assertThat(data(e)).containsEntry("limit", "memory_ops_per_minute_per_scope"));
        }
    }

    @Test
    void answerCard_beyondTheLimit_strayRefusedAndAuditedButADecisionAlwaysCounts() throws Exception {
        StreamFixture fx = new StreamFixture(StreamFixture.CONFIG_YAML
                + "limits: {card_submissions_per_minute_per_scope: 2}\n");
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        CardPrompter cards = CardPrompter.text(fx.channel, fx.clock, timers);
        try (fx; Stream stream = fx.builder(StreamFixture.direct(t -> "ok")).cardPrompter(cards).build()) {
            assertThat(stream.answerCard("a", "no-such-card", "approve")).isFalse();
            assertThat(stream.answerCard("a", "no-such-card", "approve")).isFalse();
            assertThat(fx.channel.sentTo("a")).isEmpty();
            assertThat(stream.answerCard("a", "no-such-card", "approve")).isFalse();
            assertThat(fx.channel.sentTo("a")).containsExactly(ErrorCode.ADMISSION_RATE_LIMITED.userMessage());
            assertThat(fx.audit.findByEvent("rate_limited")).singleElement().satisfies(e -> assertThat(data(e))
                    .containsEntry("limit", "card_submissions_per_minute_per_scope").containsEntry("scope_id", "a"));

            CompletableFuture<CardAnswer> answer = cards.prompt("a", SuggestionCard.of("s1", "sug-1",
                    "Archive newsletters", RiskLevel.LOW, "Unread for 30 days."));
            String accept = SuggestionCard.of("s1", "sug-1", "Archive newsletters", RiskLevel.LOW,
                    "Unread for 30 days.").actions().get(0).value();
            assertThat(stream.answerCard("a", "s1", accept)).isTrue();
            assertThat(answer.get(WAIT_SECONDS, TimeUnit.SECONDS).source()).isEqualTo(CardAnswer.Source.USER);
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void burst_10xCapacityAcross500Connections_everyMessageProcessedOrBusyRetryNoneLostNoneDuplicated()
            throws Exception {
        StreamFixture fx = new StreamFixture(StreamFixture.CONFIG_YAML
                + "limits: {messages_per_minute_total: 100000}\n");
        CountDownLatch release = new CountDownLatch(1);
        ProxyAgent proxy = request -> {
            await(release);
            return StreamFixture.direct(t -> "reply " + t).route(request);
        };
        int connections = 500;
        int perConnection = 10;
        try (fx; Stream stream = fx.builder(proxy).build()) {
            List<CompletableFuture<TurnResult>> all = new ArrayList<>();
            for (int i = 0; i < perConnection; i++) {
                for (int c = 0; c < connections; c++) {
                    all.add(stream.submit(fx.message("c" + c, "c" + c + "-m" + i), "c" + c).toCompletableFuture());
                }
            }
            release.countDown();

            int processed = 0;
            int busy = 0;
            for (CompletableFuture<TurnResult> f : all) {
                try {
                    f.get(WAIT_SECONDS, TimeUnit.SECONDS);
                    processed++;
                } catch (ExecutionException e) {
                    assertThat(((SilasException) e.getCause()).code()).isEqualTo(ErrorCode.ADMISSION_BUSY);
                    busy++;
                }
            }
            assertThat(processed + busy).isEqualTo(connections * perConnection);
            assertThat(processed).isEqualTo(480);
            assertThat(fx.audit.findByEvent("admission_rejected")).hasSize(busy);
            List<String> chronicled = new ArrayList<>();
            int busyReplies = 0;
            for (int c = 0; c < connections; c++) {
                fx.chronicleOf("c" + c).stream().filter(t -> !t.startsWith("reply ")).forEach(chronicled::add);
                busyReplies += (int) fx.channel.sentTo("c" + c).stream()
                        .filter(ErrorCode.ADMISSION_BUSY.userMessage()::equals).count();
            }
            assertThat(chronicled).hasSize(processed).doesNotHaveDuplicates();
            assertThat(busyReplies).isEqualTo(busy);
            assertThat(stream.pendingTurns()).isZero();
        }
    }

    /** An audit entry's data as a map (numbers as Integer/Long, as Jackson reads them). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> data(AuditEntry entry) {
        return Json.mapper().convertValue(entry.data(), Map.class);
    }

    static void assertFailsWith(CompletableFuture<?> future, ErrorCode code) {
        assertThatThrownBy(() -> future.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    static void await(CountDownLatch latch) {
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
