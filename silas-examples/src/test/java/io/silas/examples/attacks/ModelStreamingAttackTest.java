package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.audit.AuditLog;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.StreamingChannel;
import io.silas.core.config.SilasConfig;
import io.silas.core.gate.GateRunner;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.trust.SigningKeys;
import io.silas.examples.SseModelServer;
import io.silas.gates.Gates;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Path;
import java.time.Clock;
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

    private SseModelServer model;
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
        model = new SseModelServer();
        Clock clock = Clock.systemUTC();
        stores = SqliteStores.open(dir.resolve("silas.db"), clock);
        AuditLog audit = stores.auditLog();
        MessageTrust trust = MessageTrust.builder().ownerPublicKey(SigningKeys.generate().publicKey())
                .nonceStore(stores.nonceStore()).audit(audit).clock(clock).build();
        GateRunner gates = Gates.runner().audit(audit).provider(Gates.predicate()).provider(Gates.textSafety()).build();
        stream = Stream.builder().config(SilasConfig.parse(CONFIG, name -> null)).audit(audit)
                .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore())
                .inbox(stores.inboxStore()).proxy(model.streamingProxy())
                .gateRunner(gates).messageTrust(trust).channel(channel).turnExecutor(turns)
                .backgroundExecutor(background).clock(clock).build();
    }

    @AfterEach
    void close() {
        stream.close();
        turns.shutdownNow();
        background.shutdownNow();
        stores.close();
        model.close();
    }

    @Test
    void streamedReplyWithASecret_theBlockedTextNeverReachesTheChannel() throws Exception {
        model.reply("Sure, here it is.\nThe launch code is SECRET-7731, keep it safe. Anything else?");

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
        model.reply("Happy to help. Write to alice.smith@example.com for the keys. Bye!");

        TurnResult result = turn("who has the keys?");

        assertThat(result.blocked()).isFalse();
        assertThat(channel.everything()).doesNotContain("alice.smith@example.com").doesNotContain("alice.smith@");
        assertThat(channel.parts).containsExactly("Happy to help. ");
        assertThat(channel.finals).singleElement().satisfies(text ->
                assertThat(text).startsWith("Happy to help. Write to ").doesNotContain("example.com").endsWith("Bye!"));
    }

    @Test
    void control_aCleanReply_streamsInSegments_andTheFinalReplyIsTheWholeText() throws Exception {
        String reply = "The roses need water. Prune them in March!\nThey like sun. Anything else?";
        model.reply(reply);

        TurnResult result = turn("how are the roses?");

        assertThat(result.reply()).isEqualTo(reply);
        assertThat(channel.parts).containsExactly("The roses need water. ", "Prune them in March!\n",
                "They like sun. ");
        assertThat(channel.finals).containsExactly(reply);
        assertThat(channel.sends).isEmpty();
    }

    private TurnResult turn(String text) throws Exception {
        ChannelMessage message = ChannelMessage.of("web", "guest-1", text, java.time.Instant.now());
        return stream.submit(message, CONNECTION).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
