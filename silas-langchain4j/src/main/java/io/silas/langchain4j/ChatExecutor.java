package io.silas.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.silas.core.agent.AgentSchemas;
import io.silas.core.agent.ExecutorAgent;
import io.silas.core.agent.ExecutorAgentOutput;
import io.silas.core.agent.ExecutorRequest;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.tool.ToolCall;
import io.silas.core.tool.ToolCallStatus;
import io.silas.core.tool.ToolInvoker;
import io.silas.core.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The executor over one chat model: the model sees the attempt's tools as {@link ToolSpecification}s; every tool
 * call it asks for is handed to the attempt's {@link ToolInvoker} and the invoker's result (or its refusal) goes back
 * to the model, until the model gives its final answer as an {@link ExecutorAgentOutput}. The answer's
 * {@code tokens_used} is replaced by the usage the provider reported for the whole run.
 *
 * <p><b>Security guarantees:</b> the model never runs a tool: each call goes through the invoker's validation,
 * {@code on_tool_call} gates, approval pause, sandbox and ledger, and a call with unreadable arguments is refused
 * without reaching it. The model cannot lower the usage charged to the work item's budget. At most
 * {@code maxToolRounds} rounds of tool calls run per attempt. Thread-safe.
 */
final class ChatExecutor implements ExecutorAgent {
    private final ModelCall call;
    private final String instructions;
    private final int maxToolRounds;
    private final OutputSchema schema;
    private final StructuredOutput<ExecutorAgentOutput> output =
            new StructuredOutput<>("executor", ExecutorAgentOutput.class);

    ChatExecutor(ModelCall call, String instructions, int maxToolRounds) {
        this.call = call;
        this.instructions = instructions;
        this.maxToolRounds = maxToolRounds;
        this.schema = call.schema("executor_agent_output", AgentSchemas.executorAgentOutput());
    }

    @Override
    public ExecutorAgentOutput run(ExecutorRequest request, ToolInvoker tools) {
        List<ChatMessage> messages = new ArrayList<>(RequestMessages.forExecutor(request, instructions,
                schema.prompt()));
        List<ToolSpecification> specs = ToolSpecs.of(tools.tools());
        long tokens = 0;
        for (int round = 0; ; round++) {
            ChatResponse response = call.chat("executor", messages, specs, schema);
            tokens += ModelCall.total(response.tokenUsage());
            AiMessage answer = response.aiMessage();
            if (!answer.hasToolExecutionRequests()) {
                return output.read(answer.text()).withUsage(tokens, 0);
            }
            if (round == maxToolRounds) {
                throw new SilasException(ErrorCode.LLM_OUTPUT_INVALID, "executor: more than " + maxToolRounds
                        + " rounds of tool calls; give the final answer");
            }
            messages.add(answer);
            for (ToolExecutionRequest toolRequest : answer.toolExecutionRequests()) {
                messages.add(ToolExecutionResultMessage.from(toolRequest, invoke(toolRequest, tools)));
            }
        }
    }

    /** The text the model gets back for one requested call: the invoker's result, or why it was not made. */
    private static String invoke(ToolExecutionRequest request, ToolInvoker tools) {
        ToolCall call;
        try {
            String arguments = request.arguments() == null || request.arguments().isBlank() ? "{}"
                    : request.arguments();
            call = ToolCall.of(request.name(), Json.read(arguments, JsonNode.class));
        } catch (SilasException e) {
            return Json.write(ToolResult.refused(ToolCallStatus.INVALID_ARGS, e.getMessage()));
        }
        return Json.write(tools.invoke(call));
    }
}
