package io.silas.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import io.silas.core.agent.ExecutorAgent;
import io.silas.core.agent.ExecutorAgentOutput;
import io.silas.core.agent.ExecutorRequest;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.tool.ToolArg;
import io.silas.core.tool.ToolArgType;
import io.silas.core.tool.ToolCall;
import io.silas.core.tool.ToolCallStatus;
import io.silas.core.tool.ToolDefinition;
import io.silas.core.tool.ToolInvoker;
import io.silas.core.tool.ToolResult;
import io.silas.core.vocabulary.TaintLevel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatExecutorTest {
    static final String DONE = """
            {"summary": "wrote the note", "artifact_refs": ["note.txt"], "next_steps": [], "tokens_used": 0,
             "cost_usd": 0}""";
    static final ToolDefinition SHELL = ToolDefinition.of("shell_exec", "Runs a command in the sandbox",
            List.of(ToolArg.required("command", ToolArgType.STRING_OR_STRING_ARRAY, "the command"),
                    ToolArg.optional("timeout", ToolArgType.INTEGER, "seconds")));

    /** Records calls; answers each with a fixed result. */
    static final class RecordingInvoker implements ToolInvoker {
        final List<ToolCall> calls = new ArrayList<>();

        @Override
        public List<ToolDefinition> tools() {
            return List.of(SHELL);
        }

        @Override
        public ToolResult invoke(ToolCall call) {
            calls.add(call);
            return new ToolResult(ToolCallStatus.OK, "done", null, TaintLevel.EXTERNAL, List.of("note.txt"));
        }
    }

    private static ExecutorRequest request() {
        return new ExecutorRequest("wi-1", 1, "Write note.txt", List.of(SHELL), List.of());
    }

    @Test
    void toolCalls_runThroughTheInvoker_resultsGoBackToTheModel_usageIsMeasured() {
        ScriptedChatModel model = ScriptedChatModel.withSchemaSupport()
                .toolCall("c1", "shell_exec", "{\"command\": \"echo hi > note.txt\"}")
                .answer(DONE.replace("\"tokens_used\": 0", "\"tokens_used\": 1"));
        RecordingInvoker tools = new RecordingInvoker();

        ExecutorAgentOutput output = LangChain4jAgents.executor(model).run(request(), tools);

        assertThat(tools.calls).extracting(ToolCall::toolName).containsExactly("shell_exec");
        assertThat(tools.calls.get(0).args().get("command").asText()).isEqualTo("echo hi > note.txt");
        assertThat(output.artifactRefs()).containsExactly("note.txt");
        assertThat(output.tokensUsed()).isEqualTo(30);
        List<ChatMessage> second = model.requests().get(1).messages();
        ToolExecutionResultMessage result = (ToolExecutionResultMessage) second.get(second.size() - 1);
        assertThat(result.id()).isEqualTo("c1");
        assertThat(result.text()).contains("\"status\":\"ok\"");
        ToolSpecification spec = model.requests().get(0).toolSpecifications().get(0);
        assertThat(spec.name()).isEqualTo("shell_exec");
        assertThat(spec.parameters().required()).containsExactly("command");
    }

    @Test
    void unreadableArguments_areRefusedWithoutReachingTheInvoker() {
        ScriptedChatModel model = ScriptedChatModel.withSchemaSupport()
                .toolCall("c1", "shell_exec", "{not json").toolCall("c2", "shell_exec", "[1]").answer(DONE);
        RecordingInvoker tools = new RecordingInvoker();

        LangChain4jAgents.executor(model).run(request(), tools);

        assertThat(tools.calls).isEmpty();
        List<ChatMessage> last = model.requests().get(2).messages();
        assertThat(((ToolExecutionResultMessage) last.get(last.size() - 1)).text()).contains("invalid_args");
    }

    @Test
    void endlessToolCalls_stopAfterTheRoundLimit() {
        ScriptedChatModel model = ScriptedChatModel.withSchemaSupport();
        for (int i = 0; i < 3; i++) {
            model.toolCall("c" + i, "shell_exec", "{\"command\": \"true\"}");
        }
        ExecutorAgent executor = LangChain4jAgents.builder(model).maxToolRounds(2).executor();

        assertThatThrownBy(() -> executor.run(request(), new RecordingInvoker()))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.LLM_OUTPUT_INVALID));
    }
}
