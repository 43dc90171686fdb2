package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.agent.StructuredCalls;
import io.silas.core.gate.GateAuditEvents;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.vocabulary.InteractionMode;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Limits that count everything a Stream turn does: the validation retry of the proxy is an LLM call like the first
 * one, {@code limits.max_gate_evals_per_turn} from the config caps the turn's gate checks, and a planner that answers
 * invalidly twice falls back with an audited {@code planner_fallback}.
 */
class StreamLimitsTest {
    private static final int WAIT_SECONDS = 60;

    @Test
    void proxyValidationRetry_chargedToTheLlmRateLimit() throws Exception {
        StreamFixture fx = new StreamFixture("limits: {llm_calls_per_minute_per_scope: 3}\n");
        AtomicInteger calls = new AtomicInteger();
        ProxyAgent proxy = request -> RouteDecision.direct(AgentResponse.reply("ok"), "scripted",
                InteractionRegister.STATUS, InteractionMode.DEFAULT_AND_OFFER,
                calls.incrementAndGet() % 2 == 1 ? "no_such_profile" : "conversation");
        try (fx; Stream stream = fx.builder(proxy).build()) {
            TurnResult first = turn(stream, fx, "q1");
            TurnResult second = turn(stream, fx, "q2");

            assertThat(first.reply()).isEqualTo("ok");
            assertThat(second.reply()).isEqualTo(ProxyAgent.FALLBACK_MESSAGE);
            assertThat(calls).as("2 calls for the first turn, 1 allowed for the second").hasValue(3);
            assertThat(fx.audit.findByEvent("proxy_fallback")).singleElement()
                    .satisfies(e -> assertThat(e.data().path("reason").asText()).isEqualTo("rate_limited"));
            assertThat(fx.audit.findByEvent("rate_limited")).singleElement().satisfies(e -> assertThat(
                    e.data().path("limit").asText()).isEqualTo("llm_calls_per_minute_per_scope"));
        }
    }

    @Test
    void configuredMaxGateEvalsPerTurn_appliesToStreamTurns() throws Exception {
        StreamFixture fx = new StreamFixture(StreamFixture.CONFIG_YAML + "limits: {max_gate_evals_per_turn: 1}\n");
        AtomicInteger calls = new AtomicInteger();
        ProxyAgent proxy = request -> {
            calls.incrementAndGet();
            return StreamFixture.direct(t -> "ok").route(request);
        };
        try (fx; Stream stream = fx.builder(proxy).build()) {
            TurnResult result = turn(stream, fx, "hello");

            assertThat(result.blocked()).as("the second input gate is over the cap and blocks").isTrue();
            assertThat(calls).hasValue(0);
            assertThat(fx.audit.findByEvent(GateAuditEvents.GATE_EVAL_LIMIT_EXCEEDED)).singleElement()
                    .satisfies(e -> assertThat(e.data().path("limit").asInt()).isEqualTo(1));
        }
    }

    @Test
    void plannerInvalidTwice_fallbackReplyAndPlannerFallbackAudited() throws Exception {
        StreamFixture fx = new StreamFixture("{}");
        AtomicInteger plannerCalls = new AtomicInteger();
        ProxyAgent proxy = request -> RouteDecision.planner("deep", InteractionRegister.EXECUTION,
                InteractionMode.ACT_AND_REPORT, "conversation");
        try (fx; Stream stream = fx.builder(proxy).planner(request -> {
            plannerCalls.incrementAndGet();
            return null;
        }).build()) {
            TurnResult result = turn(stream, fx, "plan something");

            assertThat(result.reply()).isEqualTo(StructuredCalls.PLANNER_FALLBACK_MESSAGE);
            assertThat(plannerCalls).hasValue(2);
            assertThat(fx.audit.findByEvent("planner_fallback")).singleElement().satisfies(e -> {
                assertThat(e.data().path("reason").asText()).isEqualTo("invalid_output");
                assertThat(e.data().path("scope_id").asText()).isEqualTo("a");
            });
        }
    }

    private static TurnResult turn(Stream stream, StreamFixture fx, String text) throws Exception {
        return stream.submit(fx.message("a", text), "a").toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
