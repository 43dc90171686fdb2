package io.silas.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.json.Json;
import io.silas.langchain4j.LangChain4jAgents;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An OpenAI-compatible chat-completions endpoint on 127.0.0.1 (ephemeral port) that streams, as server-sent events,
 * a direct route decision whose reply is {@link #reply(String)}: the answer's JSON is cut into chunks of seven
 * characters (so words are split across events), followed by a usage chunk and {@code [DONE]}.
 */
public final class SseModelServer implements AutoCloseable {
    /** Prompt tokens the server reports for every call. */
    public static final int PROMPT_TOKENS = 900;

    private final HttpServer server;
    private volatile String reply = "";

    public SseModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = sse(reply).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The reply the model streams from now on. */
    public void reply(String text) {
        this.reply = text;
    }

    /** A Silas proxy over LangChain4j's OpenAI streaming client pointed at this server. */
    public ProxyAgent streamingProxy() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        OpenAiChatModel blocking = OpenAiChatModel.builder().baseUrl(base).apiKey("k").modelName("m").maxRetries(0)
                .build();
        OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(base).apiKey("k")
                .modelName("m").timeout(Duration.ofSeconds(20)).build();
        return LangChain4jAgents.builder(blocking).streaming(streaming).proxy();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static String sse(String reply) {
        ObjectNode response = Json.mapper().createObjectNode().put("message", reply);
        response.putArray("memory_queries");
        response.putArray("memory_ops");
        response.putNull("plan_action");
        response.put("needs_approval", false);
        ObjectNode route = Json.mapper().createObjectNode().put("route", "direct").put("reason", "chat");
        route.set("response", response);
        route.put("interaction_register", "status").put("interaction_mode", "default_and_offer")
                .putNull("continuation_of");
        route.put("context_profile", "conversation");
        String content = route.toString();
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < content.length(); i += 7) {
            sse.append("data: ").append(chunk(content.substring(i, Math.min(content.length(), i + 7)), null))
                    .append("\n\n");
        }
        sse.append("data: ").append(chunk(null, "stop")).append("\n\n");
        return sse.append("data: [DONE]\n\n").toString();
    }

    private static String chunk(String content, String finish) {
        ObjectNode chunk = Json.mapper().createObjectNode().put("id", "c1").put("object", "chat.completion.chunk")
                .put("created", 1).put("model", "m");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (content != null) {
            delta.put("content", content);
        }
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
            chunk.putObject("usage").put("prompt_tokens", PROMPT_TOKENS).put("completion_tokens", 60)
                    .put("total_tokens", PROMPT_TOKENS + 60);
        }
        return chunk.toString();
    }
}
