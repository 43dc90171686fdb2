package io.silas.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.InteractionMode;
import org.junit.jupiter.api.Test;

class ProxyAgentTest {
    @Test
    void fallback_isDirectStatusConfirmWithDefaultProfile() {
        RouteDecision fallback = ProxyAgent.fallback("conversation");

        assertThat(fallback.route()).isEqualTo(RouteDecision.Route.DIRECT);
        assertThat(fallback.response().message()).isEqualTo(ProxyAgent.FALLBACK_MESSAGE);
        assertThat(fallback.response().planAction()).isNull();
        assertThat(fallback.response().memoryOps()).isEmpty();
        assertThat(fallback.interactionRegister()).isEqualTo(InteractionRegister.STATUS);
        assertThat(fallback.interactionMode()).isEqualTo(InteractionMode.CONFIRM_ONLY_WHEN_REQUIRED);
        assertThat(fallback.contextProfile()).isEqualTo("conversation");
    }

    @Test
    void fallback_blankProfile_rejected() {
        assertThatThrownBy(() -> ProxyAgent.fallback(" ")).isInstanceOf(SilasException.class)
                .hasMessageContaining("context_profile");
    }

    @Test
    void agentRequest_twoArgumentForm_hasNoContext() {
        AgentRequest request = new AgentRequest("guide me", "task-1");

        assertThat(request.context()).isNull();
        assertThat(request.workItemId()).isEqualTo("task-1");
    }

    @Test
    void agentRequest_withValidationError_keepsContext() {
        AgentRequest retry = AgentRequest.forTurn("hello", "--- turn 1 | user | live ---\nhello\n--- end ---")
                .withValidationError("route missing");

        assertThat(retry.message()).startsWith("hello").contains("route missing");
        assertThat(retry.context()).contains("turn 1");
    }
}
