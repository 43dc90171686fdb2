package io.silas.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateLane;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateTrigger;
import io.silas.core.trust.MutableClock;
import io.silas.core.vocabulary.GateAction;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LlmProviderTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicReference<String> answer = new AtomicReference<>("{\"score\": 0.8}");
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<GateModel.Request> lastRequest = new AtomicReference<>();

    private GateCheckProvider provider() {
        return Gates.llm(req -> {
            calls.incrementAndGet();
            lastRequest.set(req);
            String a = answer.get();
            if (a.equals("THROW")) {
                throw new IllegalStateException("model down");
            }
            return a.equals("NULL") ? null : a;
        }, LlmGateOptions.defaults().withClock(clock));
    }

    private static final Gate QUALITY = Gate.builder("relevance", GateTrigger.EVERY_AGENT_RESPONSE).provider("llm")
            .check("Does the response answer the question?").build();
    private static final Gate PROMOTED = QUALITY.toBuilder().name("medical").promoteToPolicy(true).build();
    private static final GateContext CTX = GateContext.forResponse("u", "The answer is 42.");

    @Nested
    class QualityLane {
        @Test
        void validAnswer_continueWithScoreFlagsReason() {
            answer.set("Sure! ```json\n{\"score\": 0.35, \"flags\": [\"off_topic\", \"verbose\"], \"reason\": \"drifts\"}\n```");
            GateResult r = provider().check(QUALITY, CTX);
            assertThat(r.lane()).isEqualTo(GateLane.QUALITY);
            assertThat(r.action()).isEqualTo(GateAction.CONTINUE);
            assertThat(r.score()).isEqualTo(0.35);
            assertThat(r.flags()).containsExactly("off_topic", "verbose");
            assertThat(r.reason()).isEqualTo("drifts");
        }

        @Test
        void modelCannotBlockInQualityLane_actionIgnored() {
            answer.set("{\"score\": 0.1, \"action\": \"block\"}");
            assertThat(provider().check(QUALITY, CTX).action()).isEqualTo(GateAction.CONTINUE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"not json", "{\"score\": 1.5}", "{\"score\": -0.1}", "{\"score\": \"high\"}",
                "{\"flags\": []}", "{\"score\": 0.5, \"flags\": \"x\"}", "{\"score\": 0.5, \"flags\": [1]}",
                "[0.5]", "NULL", "THROW", "{\"score\": 0.5, \"reason\": 7}"})
        void badAnswerOrFailure_continueNullScoreLlmError(String bad) {
            answer.set(bad);
            GateResult r = provider().check(QUALITY, CTX);
            assertThat(r.action()).isEqualTo(GateAction.CONTINUE);
            assertThat(r.score()).isNull();
            assertThat(r.flags()).containsExactly("llm_error");
        }

        @Test
        void request_carriesValueAndConstrainedPrompt() {
            provider().check(QUALITY, CTX);
            GateModel.Request req = lastRequest.get();
            assertThat(req.value()).isEqualTo("The answer is 42.");
            assertThat(req.promoted()).isFalse();
            assertThat(req.prompt()).contains("Does the response answer the question?").contains("The answer is 42.")
                    .contains("\"score\"");
        }
    }

    @Nested
    class Promoted {
        @ParameterizedTest
        @ValueSource(strings = {"continue", "block", "require_approval"})
        void actionFromModel(String action) {
            answer.set("{\"action\": \"" + action + "\", \"reason\": \"r\", \"score\": 0.9}");
            GateResult r = provider().check(PROMOTED, CTX);
            assertThat(r.lane()).isEqualTo(GateLane.POLICY);
            assertThat(r.action()).isEqualTo(GateAction.valueOf(action.toUpperCase()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"score\": 0.9}", "{\"action\": \"maybe\"}", "garbage", "THROW", "NULL"})
        void parseErrorOrFailure_blockFailClosed(String bad) {
            answer.set(bad);
            GateResult r = provider().check(PROMOTED, CTX);
            assertThat(r.action()).isEqualTo(GateAction.BLOCK);
            assertThat(r.flags()).contains("llm_error");
        }
    }

    @Nested
    class Timeout {
        @Test
        void slowModel_interruptedQualityContinuesWithLlmError() throws InterruptedException {
            CountDownLatch interrupted = new CountDownLatch(1);
            GateCheckProvider slow = Gates.llm(req -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    Thread.currentThread().interrupt();
                }
                return "{\"score\": 1}";
            }, LlmGateOptions.defaults().withTimeout(Duration.ofMillis(100)));
            GateResult r = slow.check(QUALITY, CTX);
            assertThat(r.flags()).containsExactly("llm_error");
            assertThat(r.score()).isNull();
            assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the model call was interrupted").isTrue();
            assertThat(slow.check(PROMOTED, CTX).action()).isEqualTo(GateAction.BLOCK);
        }

        @Test
        void defaultTimeout_8s() {
            assertThat(LlmGateOptions.defaults().timeout()).isEqualTo(Duration.ofSeconds(8));
        }
    }

    @Nested
    class Circuit {
        @Test
        void threeConsecutiveFailures_openFor5Minutes_thenHalfOpen() {
            GateCheckProvider p = provider();
            answer.set("THROW");
            for (int i = 0; i < 3; i++) {
                p.check(QUALITY, CTX);
            }
            assertThat(calls.get()).isEqualTo(3);
            answer.set("{\"score\": 0.9}");
            GateResult open = p.check(QUALITY, CTX);
            assertThat(calls.get()).as("model not called while open").isEqualTo(3);
            assertThat(open.action()).isEqualTo(GateAction.CONTINUE);
            assertThat(open.score()).isNull();
            assertThat(open.flags()).containsExactly("llm_error", "circuit_open");
            GateResult promotedOpen = p.check(PROMOTED, CTX);
            assertThat(promotedOpen.action()).isEqualTo(GateAction.BLOCK);
            assertThat(promotedOpen.flags()).contains("circuit_open");

            clock.advance(Duration.ofMinutes(4).plusSeconds(59));
            assertThat(p.check(QUALITY, CTX).flags()).contains("circuit_open");
            clock.advance(Duration.ofSeconds(1));
            GateResult trial = p.check(QUALITY, CTX);
            assertThat(trial.score()).isEqualTo(0.9);
            assertThat(calls.get()).isEqualTo(4);
        }

        @Test
        void halfOpenFailure_reopensImmediately() {
            GateCheckProvider p = provider();
            answer.set("garbage");
            for (int i = 0; i < 3; i++) {
                p.check(QUALITY, CTX);
            }
            clock.advance(Duration.ofMinutes(5));
            p.check(QUALITY, CTX);
            assertThat(calls.get()).isEqualTo(4);
            answer.set("{\"score\": 0.9}");
            assertThat(p.check(QUALITY, CTX).flags()).contains("circuit_open");
            assertThat(calls.get()).isEqualTo(4);
        }

        @Test
        void successResetsConsecutiveCount() {
            GateCheckProvider p = provider();
            answer.set("THROW");
            p.check(QUALITY, CTX);
            p.check(QUALITY, CTX);
            answer.set("{\"score\": 0.5}");
            p.check(QUALITY, CTX);
            answer.set("THROW");
            p.check(QUALITY, CTX);
            p.check(QUALITY, CTX);
            answer.set("{\"score\": 0.5}");
            assertThat(p.check(QUALITY, CTX).score()).isEqualTo(0.5);
        }
    }
}
