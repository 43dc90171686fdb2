package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.StreamingChannel;
import io.silas.core.config.SilasConfig;
import io.silas.core.gate.GateRunner;
import io.silas.core.json.Json;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.trust.SigningKeys;
import io.silas.gates.Gates;
import io.silas.langchain4j.LangChain4jAgents;
import io.silas.sqlite.SqliteStores;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model streams a reply (OpenAI-compatible SSE from a server on 127.0.0.1, through LangChain4j's streaming
 * client and {@code LangChain4jAgents}) to a Stream whose channel shows replies while they are written. The model is
 * hostile: the second sentence of its reply is what the output gates exist to stop — a secret a regex gate blocks,
 * or an e-mail address the {@code text_safety} gate redacts — and its SSE chunks split that text mid-word. Promise:
 * a blocked reply's content never reaches the channel, and neither does the original of a redacted one; the turn's
 * final reply (the escalation's reply, the redacted text) replaces what was shown. Everything the channel received —
 * every part, every final text, every plain send — is recorded and searched. Real SQLite stores, gates and trust;
 * only the model is scripted.
 */
class ModelStreamingAttackTest {
    private static final String CONNECTION = "web:guest-1";
    private static final String CONFIG = """
            gates:
              system:
                - name: no_secret_output
                  on: every_agent_response
                  type: regex
                  config: {pattern: "^(?!.*SECRET).*$", dotall: true}
                  on_block: polite_redirect
                - name: pii_output
                  on: every_agent_response
                  provider: text_safety
                  check: pii
            """;

    @TempDir
    Path dir;

    private HttpServer server;
    private volatile String modelReply;
    private SqliteStores stores;
    private Stream stream;
    private final ShowingChannel channel = new ShowingChannel();
    private final ExecutorService turns = Executors.newFixedThreadPool(2);
    private final ExecutorService background = Executors.newCachedThreadPool();

    /** A streaming channel that records everything it was asked to show, in order. */
    static final class ShowingChannel implements StreamingChannel {
        final List<String> parts = new ArrayList<>();
        final List<String> finals = new ArrayList<>();
        final List<String> sends = new ArrayList<>();

        @Override
        public String name() {
            return "web";
        }

        @Override
        public synchronized void send(String recipientId, String text) {
            sends.add(text);
        }

        @Override
        public synchronized void sendPart(String recipientId, String replyId, String text) {
            parts.add(text);
        }

        @Override
        public synchronized void endReply(String recipientId, String replyId, String finalText) {
            finals.add(finalText);
        }

        synchronized String everything() {
            return String.join("\n", parts) + "\n" + String.join("\n", finals) + "\n" + String.join("\n", sends);
        }
    }

    @BeforeEach
    void open() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = sse(modelReply).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        OpenAiChatModel blocking = OpenAiChatModel.builder().baseUrl(base).apiKey("k").modelName("m").maxRetries(0)
                .build();
        OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(base).apiKey("k")
                .modelName("m").timeout(Duration.ofSeconds(20)).build();

        Clock clock = Clock.systemUTC();
        stores = SqliteStores.open(dir.resolve("silas.db"), clock);
        AuditLog audit = stores.auditLog();
        MessageTrust trust = MessageTrust.builder().ownerPublicKey(SigningKeys.generate().publicKey())
                .nonceStore(stores.nonceStore()).audit(audit).clock(clock).build();
        GateRunner gates = Gates.runner().audit(audit).provider(Gates.predicate()).provider(Gates.textSafety()).build();
        stream = Stream.builder().config(SilasConfig.parse(CONFIG, name -> null)).audit(audit)
                .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore())
                .inbox(stores.inboxStore()).proxy(LangChain4jAgents.builder(blocking).streaming(streaming).proxy())
                .gateRunner(gates).messageTrust(trust).channel(channel).turnExecutor(turns)
                .backgroundExecutor(background).clock(clock).build();
    }

    @AfterEach
    void close() {
        stream.close();
        turns.shutdownNow();
        background.shutdownNow();
        stores.close();
        server.stop(0);
    }

    @Test
    void streamedReplyWithASecret_theBlockedTextNeverReachesTheChannel() throws Exception {
        modelReply = "Sure, here it is.\nThe launch code is SECRET-7731, keep it safe. Anything else?";

        TurnResult result = turn("what is the launch code?");

        assertThat(result.blocked()).isTrue();
        assertThat(channel.everything()).doesNotContain("SECRET").doesNotContain("7731")
                .doesNotContain("launch code is");
        assertThat(channel.parts).as("the first sentence passed the gates and streamed")
                .containsExactly("Sure, here it is.\n");
        assertThat(channel.finals).as("the escalation's reply replaced it").containsExactly(result.reply());
        assertThat(result.reply()).doesNotContain("Sure, here it is.");
    }

    @Test
    void streamedReplyWithAnEmail_theOriginalNeverReachesTheChannel_theRedactedReplyReplacesTheParts()
            throws Exception {
        modelReply = "Happy to help. Write to alice.smith@example.com for the keys. Bye!";

        TurnResult result = turn("who has the keys?");

        assertThat(result.blocked()).isFalse();
        assertThat(channel.everything()).doesNotContain("alice.smith@example.com").doesNotContain("alice.smith@");
        assertThat(channel.parts).containsExactly("Happy to help. ");
        assertThat(channel.finals).singleElement().satisfies(text ->
                assertThat(text).startsWith("Happy to help. Write to ").doesNotContain("example.com").endsWith("Bye!"));
    }

    @Test
    void control_aCleanReply_streamsInSegments_andTheFinalReplyIsTheWholeText() throws Exception {
        modelReply = "The roses need water. Prune them in March!\nThey like sun. Anything else?";

        TurnResult result = turn("how are the roses?");

        assertThat(result.reply()).isEqualTo(modelReply);
        assertThat(channel.parts).containsExactly("The roses need water. ", "Prune them in March!\n",
                "They like sun. ");
        assertThat(channel.finals).containsExactly(modelReply);
        assertThat(channel.sends).isEmpty();
    }

    private TurnResult turn(String text) throws Exception {
        ChannelMessage message = ChannelMessage.of("web", "guest-1", text, java.time.Instant.now());
        return stream.submit(message, CONNECTION).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /**
     * The route decision answering {@code reply}, as OpenAI chat-completion chunks of seven characters each (the
     * secret and the address are split mid-word), then the usage chunk and {@code [DONE]}.
     */
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
            chunk.putObject("usage").put("prompt_tokens", 900).put("completion_tokens", 60).put("total_tokens", 960);
        }
        return chunk.toString();
    }
}
