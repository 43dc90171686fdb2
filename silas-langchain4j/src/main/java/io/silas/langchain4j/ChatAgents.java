package io.silas.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import io.silas.core.agent.AgentRequest;
import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.AgentSchemas;
import io.silas.core.agent.PlannerAgent;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.List;

/**
 * The proxy and the planner over one chat model: one call per request, the answer read into a
 * {@link RouteDecision} or an {@link AgentResponse}. Neither is offered tools: a proxy or planner acts only through
 * a plan the owner approves, so an answer that asks to call a tool is {@code LLM_OUTPUT_INVALID}. Thread-safe.
 */
final class ChatAgents {
    private ChatAgents() {
    }

    static ProxyAgent proxy(ModelCall call, String instructions) {
        JsonNode schema = AgentSchemas.routeDecision();
        return request -> answer(call, "proxy", instructions, "route_decision", schema, request, RouteDecision.class);
    }

    static PlannerAgent planner(ModelCall call, String instructions) {
        JsonNode schema = AgentSchemas.agentResponse();
        return request -> answer(call, "planner", instructions, "agent_response", schema, request,
                AgentResponse.class);
    }

    private static <T> T answer(ModelCall call, String agent, String instructions, String name, JsonNode schema,
                                AgentRequest request, Class<T> type) {
        boolean nativeSchema = call.nativeSchema();
        AiMessage answer = call.chat(agent, RequestMessages.forAgent(request, instructions,
                nativeSchema ? null : schema), List.of(), name, schema).aiMessage();
        if (answer.hasToolExecutionRequests()) {
            throw new SilasException(ErrorCode.LLM_OUTPUT_INVALID, agent
                    + ": tools cannot be called here; propose a plan (plan_action) instead");
        }
        return StructuredOutput.read(agent, answer.text(), type);
    }
}
