package io.silas.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.silas.core.agent.AgentRequest;
import io.silas.core.agent.AgentSchemas;
import io.silas.core.agent.ExecutorAgentOutput;
import io.silas.core.agent.ExecutorRequest;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.context.ContextEntry;
import io.silas.core.context.ContextKind;
import io.silas.core.context.ContextZone;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.vocabulary.TaintLevel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code langchain4j-open-ai} against recorded chat-completions traffic on 127.0.0.1. */
class OpenAiProtocolTest {
    private final RecordedOpenAiServer server = new RecordedOpenAiServer();

    OpenAiProtocolTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiChatModel model(boolean nativeSchema) {
        OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder().baseUrl(server.baseUrl())
                .apiKey("test-key").modelName("recorded-model").maxRetries(0).timeout(Duration.ofSeconds(20));
        if (nativeSchema) {
            builder.supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
        }
        return builder.build();
    }

    private static AgentRequest turn() {
        return AgentRequest.forTurn("hello there", TaintLevel.OWNER, "rendered", List.of(
                new ContextEntry(ContextZone.CHRONICLE, ContextEntry.Role.USER, ContextKind.MESSAGE, "earlier",
                        TaintLevel.OWNER, 1, "channel:web", false),
                new ContextEntry(ContextZone.CHRONICLE, ContextEntry.Role.ASSISTANT, ContextKind.MESSAGE, "reply",
                        TaintLevel.OWNER, 1, "agent:direct", false)));
    }

    private static ErrorCode failure(ProxyAgent proxy) {
        try {
            proxy.route(turn());
        } catch (SilasException e) {
            return e.code();
        }
        throw new AssertionError("the call did not fail");
    }

    @Test
    void routeDecision_overTheWire_withNativeJsonSchemaAndRoleTaggedMessages() {
        server.reply(200, "route-direct.json");
        List<ModelUsage> usage = new ArrayList<>();

        RouteDecision decision = LangChain4jAgents.builder(model(true)).usage(usage::add).proxy().route(turn());

        assertThat(decision.response().message()).isEqualTo("Hello from the model.");
        assertThat(usage).containsExactly(new ModelUsage("proxy", 42, 7));
        JsonNode sent = Json.read(server.bodies().get(0), JsonNode.class);
        assertThat(sent.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(sent.at("/response_format/json_schema/schema")).isEqualTo(AgentSchemas.routeDecision());
        assertThat(sent.get("messages")).extracting(m -> m.get("role").asText())
                .containsExactly("system", "user", "assistant", "user");
        assertThat(server.authorizations().get(0)).isEqualTo("Bearer test-key");
    }

    @Test
    void promptedSchema_whenTheModelDeclaresNoNativeSupport() {
        server.reply(200, "route-direct.json");

        LangChain4jAgents.proxy(model(false)).route(turn());

        JsonNode sent = Json.read(server.bodies().get(0), JsonNode.class);
        assertThat(sent.has("response_format")).isFalse();
        assertThat(sent.at("/messages/0/content").asText()).contains("context_profile");
    }

    @Test
    void toolCalls_overTheWire_areRunBySilas_andAnsweredAsToolMessages() {
        server.reply(200, "tool-call.json").reply(200, "executor-done.json");
        ChatExecutorTest.RecordingInvoker tools = new ChatExecutorTest.RecordingInvoker();

        ExecutorAgentOutput output = LangChain4jAgents.executor(model(true)).run(
                new ExecutorRequest("wi-1", 1, "Write note.txt", tools.tools(), List.of()), tools);

        assertThat(tools.calls).singleElement().satisfies(call -> {
            assertThat(call.toolName()).isEqualTo("shell_exec");
            assertThat(call.args().get("command").asText()).isEqualTo("printf hi > note.txt");
        });
        assertThat(output.summary()).isEqualTo("wrote note.txt");
        assertThat(output.tokensUsed()).isEqualTo(250);
        JsonNode first = Json.read(server.bodies().get(0), JsonNode.class);
        assertThat(first.at("/tools/0/function/name").asText()).isEqualTo("shell_exec");
        JsonNode second = Json.read(server.bodies().get(1), JsonNode.class);
        JsonNode last = second.get("messages").get(second.get("messages").size() - 1);
        assertThat(last.get("role").asText()).isEqualTo("tool");
        assertThat(last.get("tool_call_id").asText()).isEqualTo("call_rec_1");
    }

    @Test
    void rateLimitAndServerErrors_areLlmUnavailable() {
        server.reply(429, "rate-limited.json").reply(500, "server-error.json");
        ProxyAgent proxy = LangChain4jAgents.proxy(model(true));

        assertThat(failure(proxy)).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(failure(proxy)).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(server.bodies()).hasSize(2);
    }

    @Test
    void malformedBody_isLlmUnavailable_andProseContentIsLlmOutputInvalid() {
        server.reply(200, "malformed.json").reply(200, "content-not-json.json");
        ProxyAgent proxy = LangChain4jAgents.proxy(model(true));

        assertThat(failure(proxy)).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(failure(proxy)).isEqualTo(ErrorCode.LLM_OUTPUT_INVALID);
    }

    @Test
    void streamingModel_answerIsCollectedWhole() {
        server.reply(200, "route-direct.sse");
        OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(server.baseUrl())
                .apiKey("test-key").modelName("recorded-model").timeout(Duration.ofSeconds(20)).build();

        RouteDecision decision = LangChain4jAgents.builder(model(false)).streaming(streaming).proxy().route(turn());

        assertThat(decision.route()).isEqualTo(RouteDecision.Route.PLANNER);
        assertThat(decision.contextProfile()).isEqualTo("coding");
        assertThat(Json.read(server.bodies().get(0), JsonNode.class).get("stream").asBoolean()).isTrue();
    }

    @Test
    void unreachableServer_isLlmUnavailable() {
        server.close();

        assertThat(failure(LangChain4jAgents.proxy(model(true)))).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThatThrownBy(() -> LangChain4jAgents.proxy(model(true)).route(turn()))
                .hasMessageNotContaining("test-key");
    }
}
