package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.Sleeper;
import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.audit.AuditEntry;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.vocabulary.InteractionMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LLM bounded retry with backoff, then fallback (docs/contracts.md#errors): scripted proxy and planner agents fail
 * transiently or permanently; the backoff waits on a sleeper that moves the fixture's clock instead of sleeping.
 */
class StreamAgentRetryTest {
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private StreamFixture fx;
    private Stream stream;

    @AfterEach
    void tearDown() {
        if (stream != null) {
            stream.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    private Sleeper clockSleeper() {
        return duration -> {
            slept.add(duration);
            fx.clock.advance(duration);
        };
    }

    /** A proxy that throws {@code failure} on its first {@code failures} calls, then answers "answered". */
    private ProxyAgent failing(int failures, RuntimeException failure) {
        return request -> {
            if (calls.incrementAndGet() <= failures) {
                throw failure;
            }
            return RouteDecision.direct(AgentResponse.reply("answered"), "scripted", InteractionRegister.STATUS,
                    InteractionMode.DEFAULT_AND_OFFER, "conversation");
        };
    }

    private Stream start(String yaml, ProxyAgent proxy) {
        fx = new StreamFixture(yaml + StreamFixture.CONFIG_YAML);
        stream = fx.builder(proxy).sleeper(clockSleeper()).build();
        return stream;
    }

    private TurnResult turn(String connection, String text) throws Exception {
        return stream.submit(fx.message(connection, text), connection).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static SilasException unavailable() {
        return new SilasException(ErrorCode.LLM_UNAVAILABLE, "provider returned 503");
    }

    @Test
    void retry_failsTwiceThenSucceeds_agentAnswers_retriesAuditedWithDoublingBackoff() throws Exception {
        start("", failing(2, unavailable()));

        TurnResult result = turn("web:1", "hello");

        assertThat(result.reply()).isEqualTo("answered");
        assertThat(calls).hasValue(3);
        assertThat(slept).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
        List<AuditEntry> retries = fx.audit.findByEvent("agent_retry");
        assertThat(retries).extracting(e -> e.data().path("attempt").asInt()).containsExactly(2, 3);
        assertThat(retries).allSatisfy(e -> {
            assertThat(e.data().path("agent").asText()).isEqualTo("proxy");
            assertThat(e.data().path("scope_id").asText()).isEqualTo(result.scopeId());
            assertThat(e.data().path("reason").asText()).isEqualTo("llm_unavailable");
            assertThat(e.data().path("error_code").asText()).isEqualTo(ErrorCode.LLM_UNAVAILABLE.id());
        });
        assertThat(retries).extracting(e -> e.data().path("backoff_millis").asLong()).containsExactly(200L, 400L);
        assertThat(fx.audit.findByEvent("proxy_fallback")).isEmpty();
    }

    @Test
    void retry_alwaysFailing_fallbackAfterOnePlusRetriesAttempts() throws Exception {
        start("turns: { agent_retries: 3, agent_backoff_millis: 50 }\n", failing(Integer.MAX_VALUE, unavailable()));

        TurnResult result = turn("web:2", "hello");

        assertThat(result.reply()).isNotEqualTo("answered");
        assertThat(calls).hasValue(4);
        assertThat(slept).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(fx.audit.findByEvent("agent_retry")).hasSize(3);
        assertThat(fx.audit.findByEvent("proxy_fallback")).singleElement()
                .satisfies(e -> assertThat(e.data().path("reason").asText()).isEqualTo("llm_unavailable"));
    }

    @Test
    void retry_nonRetryableFailure_noRetry_straightToFallback() throws Exception {
        start("", failing(Integer.MAX_VALUE, new SilasException(ErrorCode.APPROVAL_DENIED, "not allowed")));

        turn("web:3", "hello");

        assertThat(calls).hasValue(1);
        assertThat(slept).isEmpty();
        assertThat(fx.audit.findByEvent("agent_retry")).isEmpty();
        assertThat(fx.audit.findByEvent("proxy_fallback")).singleElement()
                .satisfies(e -> assertThat(e.data().path("reason").asText()).isEqualTo(ErrorCode.APPROVAL_DENIED.id()));
    }

    @Test
    void retry_unexpectedException_noRetry_straightToFallback() throws Exception {
        start("", failing(Integer.MAX_VALUE, new IllegalStateException("bug in the host's agent")));

        turn("web:4", "hello");

        assertThat(calls).hasValue(1);
        assertThat(fx.audit.findByEvent("agent_retry")).isEmpty();
        assertThat(fx.audit.findByEvent("proxy_fallback")).singleElement()
                .satisfies(e -> assertThat(e.data().path("reason").asText()).isEqualTo("agent_error"));
    }

    @Test
    void retry_invalidOutputThrown_onlyStructuredCallsValidationRetry() throws Exception {
        start("", failing(Integer.MAX_VALUE, new SilasException(ErrorCode.LLM_OUTPUT_INVALID, "not JSON")));

        turn("web:5", "hello");

        assertThat(calls).hasValue(2);
        assertThat(fx.audit.findByEvent("agent_retry")).isEmpty();
        assertThat(fx.audit.findByEvent("proxy_fallback")).singleElement()
                .satisfies(e -> assertThat(e.data().path("reason").asText()).isEqualTo("invalid_output"));
    }

    @Test
    void retry_chargedToLlmRateLimit_refusedRetry_fallbackRateLimited() throws Exception {
        start("limits: { llm_calls_per_minute_per_scope: 2 }\n", failing(Integer.MAX_VALUE, unavailable()));

        turn("web:6", "hello");

        assertThat(calls).hasValue(2);
        assertThat(fx.audit.findByEvent("agent_retry")).hasSize(1);
        assertThat(fx.audit.findByEvent("rate_limited")).singleElement()
                .satisfies(e -> assertThat(e.data().path("limit").asText()).contains("llm_calls"));
        assertThat(fx.audit.findByEvent("proxy_fallback")).singleElement()
                .satisfies(e -> assertThat(e.data().path("reason").asText()).isEqualTo("rate_limited"));
    }

    @Test
    void retry_backoffPastOverallDeadline_notMade_fallback() throws Exception {
        start("turns: { agent_retries: 5, agent_backoff_millis: 600, agent_deadline_seconds: 1 }\n",
                failing(Integer.MAX_VALUE, unavailable()));

        turn("web:7", "hello");

        assertThat(slept).containsExactly(Duration.ofMillis(600));
        assertThat(calls).hasValue(2);
        assertThat(fx.audit.findByEvent("proxy_fallback")).hasSize(1);
    }

    @Test
    void retry_plannerFailsOnceThenPlans_noPlannerFallback() throws Exception {
        AtomicInteger plannerCalls = new AtomicInteger();
        fx = new StreamFixture(StreamFixture.CONFIG_YAML);
        stream = fx.builder(request -> RouteDecision.planner("deep", InteractionRegister.EXECUTION,
                        InteractionMode.ACT_AND_REPORT, "conversation"))
                .planner(request -> {
                    if (plannerCalls.incrementAndGet() == 1) {
                        throw unavailable();
                    }
                    return AgentResponse.reply("thought it through");
                }).sleeper(clockSleeper()).build();

        TurnResult result = turn("web:8", "plan something");

        assertThat(result.reply()).isEqualTo("thought it through");
        assertThat(plannerCalls).hasValue(2);
        assertThat(fx.audit.findByEvent("agent_retry")).singleElement()
                .satisfies(e -> assertThat(e.data().path("agent").asText()).isEqualTo("planner"));
        assertThat(fx.audit.findByEvent("planner_fallback")).isEmpty();
    }

    @Test
    void retry_firstAttemptTimesOut_secondAnswers() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        start("turns: { agent_timeout_seconds: 1 }\n", request -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return RouteDecision.direct(AgentResponse.reply("late"), "late", InteractionRegister.STATUS,
                        InteractionMode.DEFAULT_AND_OFFER, "conversation");
            }
            return RouteDecision.direct(AgentResponse.reply("answered"), "scripted", InteractionRegister.STATUS,
                    InteractionMode.DEFAULT_AND_OFFER, "conversation");
        });

        TurnResult result = turn("web:9", "hello");

        assertThat(result.reply()).isEqualTo("answered");
        assertThat(fx.audit.findByEvent("agent_retry")).singleElement()
                .satisfies(e -> assertThat(e.data().path("reason").asText()).isEqualTo("llm_unavailable"));
    }
}
