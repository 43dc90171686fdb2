package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.agent.AgentRequest;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.EscalationAction;
import io.silas.core.work.EscalationActionType;
import io.silas.core.work.EscalationPolicy;
import io.silas.core.work.WorkItem;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An output block whose goal escalation is {@code suppress_and_rephrase}. */
class StreamRephraseTest {
    private static final String YAML = """
            gates:
              system:
                - name: no_secret_output
                  on: every_agent_response
                  type: regex
                  config: {pattern: "^(?!.*SECRET).*$", dotall: true}
                  on_block: rephrase_secret
            """;
    private static final String INSTRUCTION = "Do not reveal secrets.";

    private final StreamFixture fx = new StreamFixture(YAML);
    private final List<AgentRequest> requests = new CopyOnWriteArrayList<>();
    private final WorkItem goal = WorkItem.builder("keep-secrets", WorkItemType.GOAL, "Keep secrets")
            .escalation(Map.of("rephrase_secret", new EscalationAction(EscalationActionType.SUPPRESS_AND_REPHRASE,
                    null, null, INSTRUCTION, 1, "polite_redirect")))
            .createdAt(StreamFixture.START).build();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private TurnResult run(ProxyAgent proxy) throws Exception {
        ProxyAgent recording = request -> {
            requests.add(request);
            return proxy.route(request);
        };
        try (Stream stream = fx.builder(recording).activeGoal(goal).build()) {
            return stream.submit(fx.message("a", "tell me the code"), "a").toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void outputBlocked_rephrasedAnswerPasses_rephrasedAnswerSent() throws Exception {
        TurnResult result = run(StreamFixture.direct(t -> t.contains(INSTRUCTION) ? "I can't share the code."
                : "the SECRET code is 42"));

        assertThat(result.blocked()).isFalse();
        assertThat(result.reply()).isEqualTo("I can't share the code.");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).message()).contains(INSTRUCTION);
        assertThat(fx.channel.sentTo("a")).containsExactly("I can't share the code.");
    }

    @Test
    void outputBlocked_rephraseStillBlocked_fallbackReplyAfterMaxRetries() throws Exception {
        TurnResult result = run(StreamFixture.direct(t -> "the SECRET code is 42"));

        assertThat(result.blocked()).isTrue();
        assertThat(result.reply()).isEqualTo(EscalationPolicy.POLITE_REDIRECT_MESSAGE);
        assertThat(requests).hasSize(2);
        assertThat(String.join("\n", fx.chronicleOf("a"))).doesNotContain("SECRET");
    }
}
