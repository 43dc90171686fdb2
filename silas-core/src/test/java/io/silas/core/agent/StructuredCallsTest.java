package io.silas.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.tool.ToolCall;
import io.silas.core.tool.ToolDefinition;
import io.silas.core.tool.ToolInvoker;
import io.silas.core.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructuredCallsTest {
    private static final ToolInvoker NO_TOOLS = new ToolInvoker() {
        @Override
        public List<ToolDefinition> tools() {
            return List.of();
        }

        @Override
        public ToolResult invoke(ToolCall call) {
            throw new AssertionError("not called");
        }
    };

    private final List<ExecutorRequest> seen = new ArrayList<>();
    private final ExecutorRequest request = new ExecutorRequest("t1", 1, "Do it.", List.of(), List.of());

    @Test
    void executor_validFirstAnswer_oneCall() {
        var outcome = StructuredCalls.executor((r, t) -> {
            seen.add(r);
            return ExecutorAgentOutput.of("ok", List.of());
        }, request, NO_TOOLS);

        assertThat(outcome.valid()).isTrue();
        assertThat(outcome.calls()).isEqualTo(1);
        assertThat(seen).containsExactly(request);
    }

    @Test
    void executor_invalidThenValid_retryCarriesValidationError() {
        var outcome = StructuredCalls.executor((r, t) -> {
            seen.add(r);
            if (seen.size() == 1) {
                throw SilasException.invalid("summary", "is required");
            }
            return ExecutorAgentOutput.of("ok", List.of());
        }, request, NO_TOOLS);

        assertThat(outcome.valid()).isTrue();
        assertThat(outcome.calls()).isEqualTo(2);
        assertThat(outcome.validationErrors()).singleElement().asString().contains("summary");
        assertThat(seen.get(1).instructions()).startsWith("Do it.").contains("previous answer was invalid")
                .contains("summary");
    }

    @Test
    void executor_invalidTwice_invalidOutcomeAfterExactlyTwoCalls() {
        var outcome = StructuredCalls.executor((r, t) -> {
            seen.add(r);
            return seen.size() == 1 ? null : thrower();
        }, request, NO_TOOLS);

        assertThat(outcome.valid()).isFalse();
        assertThat(outcome.calls()).isEqualTo(2);
        assertThat(outcome.validationErrors()).containsExactly("the answer was empty", "bad json");
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).instructions()).doesNotContain("bad json").contains("the answer was empty");
    }

    private static ExecutorAgentOutput thrower() {
        throw new SilasException(ErrorCode.LLM_OUTPUT_INVALID, "bad json");
    }

    @Test
    void executor_unavailableModel_propagatesWithoutRetry() {
        assertThatThrownBy(() -> StructuredCalls.executor((r, t) -> {
            seen.add(r);
            throw new SilasException(ErrorCode.LLM_UNAVAILABLE, "down");
        }, request, NO_TOOLS)).isInstanceOf(SilasException.class);
        assertThat(seen).hasSize(1);
    }

    @Test
    void planner_invalidTwice_deterministicFallbackWithoutPlan() {
        AgentResponse response = StructuredCalls.planner(r -> null, AgentRequest.of("help"));

        assertThat(response).isEqualTo(StructuredCalls.plannerFallback());
        assertThat(response.planAction()).isNull();
        assertThat(response.needsApproval()).isFalse();
        assertThat(response.message()).contains("Planning failed");
    }

    @Test
    void call_validatorRejects_countsAsInvalid() {
        var outcome = StructuredCalls.call("q", q -> "answer", a -> java.util.Optional.of("too short"),
                (q, e) -> q + "|" + e);

        assertThat(outcome.valid()).isFalse();
        assertThat(outcome.lastError()).isEqualTo("too short");
    }
}
