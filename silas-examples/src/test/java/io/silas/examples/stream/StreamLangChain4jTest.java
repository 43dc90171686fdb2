package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.silas.core.error.ErrorCode;
import io.silas.core.json.Json;
import io.silas.core.Sleeper;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.langchain4j.LangChain4jAgents;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Stream whose proxy is a LangChain4j OpenAI client talking to an OpenAI-compatible server on 127.0.0.1: a 429 is
 * retried by the Stream (audited, charged to the LLM rate limit), and the model receives the conversation as
 * role-tagged messages with the current message last and the sender's trust marked.
 */
class StreamLangChain4jTest {
    private static final String ROUTE = """
            {"id": "c1", "object": "chat.completion", "created": 1, "model": "m", "choices": [{"index": 0,
             "message": {"role": "assistant", "content": "{\\"route\\":\\"direct\\",\\"reason\\":\\"chat\\",\\"response\\":{\\"message\\":\\"Hello from the model.\\",\\"memory_queries\\":[],\\"memory_ops\\":[],\\"plan_action\\":null,\\"needs_approval\\":false},\\"interaction_register\\":\\"status\\",\\"interaction_mode\\":\\"default_and_offer\\",\\"continuation_of\\":null,\\"context_profile\\":\\"conversation\\"}"},
             "finish_reason": "stop"}], "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}""";
    private static final String RATE_LIMITED = "{\"error\": {\"message\": \"slow down\", \"type\": \"requests\"}}";

    private final Deque<Object[]> replies = new ArrayDeque<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private HttpServer server;
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
        if (server != null) {
            server.stop(0);
        }
    }

    private void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Object[] reply;
            synchronized (replies) {
                reply = replies.poll();
            }
            byte[] body = ((String) reply[1]).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders((Integer) reply[0], body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    private TurnResult turn(String connection, String text) throws Exception {
        return stream.submit(fx.message(connection, text), connection).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void rateLimitedThenAnswered_retriedByTheStream_andTheModelSeesRoleTaggedTurns() throws Exception {
        replies.add(new Object[] {429, RATE_LIMITED});
        replies.add(new Object[] {200, ROUTE});
        replies.add(new Object[] {200, ROUTE});
        serve();
        OpenAiChatModel model = OpenAiChatModel.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1").apiKey("test-key")
                .modelName("m").maxRetries(0).timeout(Duration.ofSeconds(20))
                .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA).build();
        fx = new StreamFixture();
        Sleeper noWait = duration -> { };
        stream = fx.builder(LangChain4jAgents.proxy(model)).sleeper(noWait).build();

        TurnResult first = turn("web:lc4j", "hello garden");
        TurnResult second = turn("web:lc4j", "and the roses?");

        assertThat(first.reply()).isEqualTo("Hello from the model.");
        assertThat(second.reply()).isEqualTo("Hello from the model.");
        assertThat(fx.audit.findByEvent("agent_retry")).singleElement().satisfies(e ->
                assertThat(e.data().path("error_code").asText()).isEqualTo(ErrorCode.LLM_UNAVAILABLE.id()));
        JsonNode messages = Json.read(bodies.get(2), JsonNode.class).get("messages");
        assertThat(messages).extracting(m -> m.get("role").asText()).containsSubsequence("system", "user",
                "assistant", "user");
        assertThat(messages.get(0).get("content").asText()).doesNotContain("hello garden");
        String last = messages.get(messages.size() - 1).get("content").asText();
        assertThat(last).endsWith("and the roses?").startsWith("[sender: external, untrusted]");
        assertThat(messages.toString()).contains("hello garden").contains("Hello from the model.");
    }
}
