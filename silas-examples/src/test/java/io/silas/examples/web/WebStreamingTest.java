package io.silas.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.MessageTrust;
import io.silas.core.config.SilasConfig;
import io.silas.core.gate.GateRunner;
import io.silas.core.json.Json;
import io.silas.core.stream.Stream;
import io.silas.core.trust.SigningKeys;
import io.silas.examples.SseModelServer;
import io.silas.gates.Gates;
import io.silas.web.browser.BrowserSession;
import io.silas.sqlite.SqliteStores;
import io.silas.web.WebChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming end to end over the web channel: a LangChain4j streaming model (SSE from 127.0.0.1) answers a guest
 * who talks to the Stream through the real Jetty WebSocket endpoint with the JDK's WebSocket client. The guest sees
 * the reply as {@code reply_part} frames, a sentence at a time, ended by {@code reply_end} with the whole reply; a
 * reply whose second sentence an output gate blocks shows only the first sentence, then the block reply replaces it
 * — also in the browser client (headless Chromium), whose line ends up holding only the final text.
 */
class WebStreamingTest {
    private static final String CONFIG = """
            gates:
              system:
                - name: no_secret_output
                  on: every_agent_response
                  type: regex
                  config: {pattern: "^(?!.*SECRET).*$", dotall: true}
                  on_block: polite_redirect
            """;

    @TempDir
    Path dir;

    private SseModelServer model;
    private SqliteStores stores;
    private WebChannel web;
    private Stream stream;
    private WebSocket socket;
    private URI base;
    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final ExecutorService turns = Executors.newFixedThreadPool(2);
    private final ExecutorService background = Executors.newCachedThreadPool();

    @BeforeEach
    void open() throws Exception {
        model = new SseModelServer();
        Clock clock = Clock.systemUTC();
        stores = SqliteStores.open(dir.resolve("silas.db"), clock);
        AuditLog audit = stores.auditLog();
        web = WebChannel.builder().clock(clock).audit(audit).nonceStore(stores.nonceStore()).build();
        base = web.start(0);
        MessageTrust trust = MessageTrust.builder().ownerPublicKey(SigningKeys.generate().publicKey())
                .nonceStore(stores.nonceStore()).audit(audit).clock(clock).build();
        GateRunner gates = Gates.runner().audit(audit).provider(Gates.predicate()).build();
        stream = Stream.builder().config(SilasConfig.parse(CONFIG, name -> null)).audit(audit)
                .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore())
                .inbox(stores.inboxStore()).proxy(model.streamingProxy()).gateRunner(gates).messageTrust(trust)
                .channel(web).ownerConnections(web.ownerConnectionId()).turnExecutor(turns)
                .backgroundExecutor(background).clock(clock).build();
        web.bind(stream);

        String token = web.issueGuestToken("web-guest-1", Duration.ofMinutes(10));
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://" + base.getAuthority() + "/ws"), new Frames()).get(30, TimeUnit.SECONDS);
        send(Json.mapper().createObjectNode().put("type", "auth").put("token", token));
        while (true) {
            JsonNode hello = next();
            if (hello.path("type").asText().equals("hello")) {
                assertThat(hello.path("accepting").asBoolean()).isTrue();
                break;
            }
        }
    }

    @AfterEach
    void close() {
        socket.abort();
        stream.close();
        web.close();
        turns.shutdownNow();
        background.shutdownNow();
        stores.close();
        model.close();
    }

    @Test
    void streamedReply_arrivesAsPartsASentenceAtATime_thenTheWholeReply() throws Exception {
        String reply = "The roses need water. Prune them in March!\nThey like sun. Anything else?";
        model.reply(reply);

        List<JsonNode> seen = ask("how are the roses?");

        assertThat(seen).extracting(f -> f.get("type").asText())
                .containsExactly("reply_part", "reply_part", "reply_part", "reply_end");
        assertThat(seen).extracting(f -> f.get("text").asText())
                .containsExactly("The roses need water. ", "Prune them in March!\n", "They like sun. ", reply);
        assertThat(seen).extracting(f -> f.get("reply_id").asText()).containsOnly(seen.get(0).get("reply_id").asText());
    }

    @Test
    void blockedSecondSentence_neverSentOverTheSocket_theBlockReplyReplacesTheFirst() throws Exception {
        model.reply("Sure, here it is. The launch code is SECRET-7731. Bye.");

        List<JsonNode> seen = ask("launch code?");

        assertThat(seen.toString()).doesNotContain("SECRET").doesNotContain("7731");
        assertThat(seen).extracting(f -> f.get("type").asText()).containsExactly("reply_part", "reply_end");
        assertThat(seen.get(0).get("text").asText()).isEqualTo("Sure, here it is. ");
        assertThat(seen.get(1).get("text").asText()).isNotBlank().doesNotContain("Sure, here it is.");
    }

    @Test
    void browserClient_showsTheStreamedLine_thenPutsTheFinalReplyInItsPlace() throws Exception {
        model.reply("Sure, here it is. The launch code is SECRET-7731. Bye.");
        String token = web.issueGuestToken("web-guest-2", Duration.ofMinutes(10));

        try (BrowserSession browser = BrowserSession.start()) {
            browser.open("guest", "guest", base + "#token=" + token);
            browser.waitFor("guest", "#status[data-state=ready]");
            browser.fill("guest", "#text", "launch code?");
            browser.press("guest", "#text", "Enter");
            browser.waitFor("guest", "#stream .msg.silas:not([data-reply-id])");

            List<JsonNode> received = browser.receivedFrames("guest").stream()
                    .map(f -> Json.read(f, JsonNode.class)).toList();
            assertThat(received).anySatisfy(f -> assertThat(f.toString()).contains("reply_part")
                    .contains("Sure, here it is. "));
            JsonNode end = received.stream().filter(f -> f.path("type").asText().equals("reply_end")).findFirst()
                    .orElseThrow();
            assertThat(browser.texts("guest", "#stream .msg.silas")).containsExactly(end.get("text").asText());
            assertThat(browser.content("guest") + received).doesNotContain("SECRET").doesNotContain("7731");
        }
    }

    /** Sends a message and returns the reply frames up to and including {@code reply_end} (or a plain reply). */
    private List<JsonNode> ask(String text) throws Exception {
        send(Json.mapper().createObjectNode().put("type", "message").put("text", text));
        List<JsonNode> seen = new ArrayList<>();
        while (true) {
            JsonNode frame = next();
            String type = frame.path("type").asText();
            if (type.startsWith("reply")) {
                seen.add(frame);
            }
            if (type.equals("reply_end") || type.equals("reply") || type.equals("error")) {
                return seen;
            }
        }
    }

    private void send(JsonNode frame) throws Exception {
        socket.sendText(frame.toString(), true).get(30, TimeUnit.SECONDS);
    }

    private JsonNode next() throws InterruptedException {
        JsonNode frame = frames.poll(60, TimeUnit.SECONDS);
        assertThat(frame).as("a frame within 60 s").isNotNull();
        return frame;
    }

    /** Collects whole text frames as JSON. */
    private final class Frames implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(Json.read(partial.toString(), JsonNode.class));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
