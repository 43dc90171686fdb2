package io.silas.langchain4j;

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
 * a plan the owner approves, so an answer that asks to call a tool is {@code LLM_OUTPUT_INVALID}. With a streaming
 * model, the reply text ({@link ReplyText}) goes to the turn's listener as it is written. Thread-safe.
 */
final class ChatAgents {
    private ChatAgents() {
    }

    static ProxyAgent proxy(ModelCall call, String instructions) {
        OutputSchema schema = call.schema("route_decision", AgentSchemas.routeDecision());
        StructuredOutput<RouteDecision> output = new StructuredOutput<>("proxy", RouteDecision.class);
        return request -> answer(call, instructions, schema, request, output, ReplyText.proxy(request.listener()));
    }

    static PlannerAgent planner(ModelCall call, String instructions) {
        OutputSchema schema = call.schema("agent_response", AgentSchemas.agentResponse());
        StructuredOutput<AgentResponse> output = new StructuredOutput<>("planner", AgentResponse.class);
        return request -> answer(call, instructions, schema, request, output, ReplyText.planner(request.listener()));
    }

    private static <T> T answer(ModelCall call, String instructions, OutputSchema schema, AgentRequest request,
                                StructuredOutput<T> output, ReplyText reply) {
        String agent = output.agent();
        AiMessage answer = call.chat(agent, RequestMessages.forAgent(request, instructions, schema.prompt()),
                List.of(), schema, request.listener(), reply).aiMessage();
        if (answer.hasToolExecutionRequests()) {
            throw new SilasException(ErrorCode.LLM_OUTPUT_INVALID, agent
                    + ": tools cannot be called here; propose a plan (plan_action) instead");
        }
        return output.read(answer.text());
    }
}
