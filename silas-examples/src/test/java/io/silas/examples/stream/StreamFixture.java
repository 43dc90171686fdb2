package io.silas.examples.stream;

import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.config.SilasConfig;
import io.silas.core.context.ChronicleStore;
import io.silas.core.context.ContextItem;
import io.silas.core.gate.GateRunner;
import io.silas.core.memory.MemoryStore;
import io.silas.core.stream.Stream;
import io.silas.core.stream.StreamBuilder;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.work.WorkItemStore;
import io.silas.gates.Gates;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Real components for Stream tests: in-memory stores and audit log, real Ed25519 owner key and message trust, the
 * default gate runner with the predicate and text-safety providers, system gates from YAML. Only agents are
 * scripted.
 */
final class StreamFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-02-01T10:00:00Z");

    /** Input: block text containing FORBIDDEN, redact PII; output: block text containing SECRET. */
    static final String CONFIG_YAML = """
            gates:
              system:
                - name: no_forbidden_input
                  on: every_user_message
                  type: regex
                  config: {pattern: "^(?!.*FORBIDDEN).*$", dotall: true}
                  on_block: polite_redirect
                - name: pii
                  on: every_user_message
                  provider: text_safety
                - name: no_secret_output
                  on: every_agent_response
                  type: regex
                  config: {pattern: "^(?!.*SECRET).*$", dotall: true}
                  on_block: polite_redirect
            """;

    final MutableClock clock = new MutableClock(START);
    final AuditLog audit = AuditLog.inMemory(clock);
    final ChronicleStore chronicle = ChronicleStore.inMemory();
    final MemoryStore memory = MemoryStore.inMemory();
    final WorkItemStore workItems = WorkItemStore.inMemory();
    final SigningKeys ownerKeys = SigningKeys.generate();
    final MessageTrust trust = MessageTrust.builder().ownerPublicKey(ownerKeys.publicKey())
            .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
    final GateRunner gates = Gates.runner().audit(audit).provider(Gates.predicate()).provider(Gates.textSafety())
            .build();
    final RecordingChannel channel = new RecordingChannel();
    final SilasConfig config;
    final ExecutorService turnPool = Executors.newFixedThreadPool(8);
    final ExecutorService background = Executors.newCachedThreadPool();

    StreamFixture() {
        this(CONFIG_YAML);
    }

    StreamFixture(String yaml) {
        this.config = SilasConfig.parse(yaml, name -> null);
    }

    StreamBuilder builder(ProxyAgent proxy) {
        return Stream.builder().config(config).audit(audit).stores(chronicle, memory, workItems).proxy(proxy)
                .gateRunner(gates).messageTrust(trust).channel(channel).turnExecutor(turnPool)
                .backgroundExecutor(background).clock(clock);
    }

    ChannelMessage message(String sender, String text) {
        return ChannelMessage.of("web", sender, text, clock.instant());
    }

    /** Chronicle contents of a scope, oldest first. */
    List<String> chronicleOf(String scopeId) {
        return chronicle.getRecent(scopeId, 10_000).stream().map(ContextItem::content).toList();
    }

    /** A shell task plan with id {@code id} that writes {@code note.txt}, verified by {@code file_exists}. */
    static String notePlan(String id) {
        return """
                ---
                id: %s
                type: task
                title: Write a note
                executor: shell
                verify:
                  - name: note_exists
                    run: "true"
                    expect:
                      file_exists: note.txt
                ---
                sh -c 'printf "hello\\n" > note.txt'
                """.formatted(id);
    }

    /** A proxy answering every turn directly with {@code reply.apply(userText)}. */
    static ProxyAgent direct(Function<String, String> reply) {
        return request -> RouteDecision.direct(AgentResponse.reply(reply.apply(request.message())), "scripted",
                InteractionRegister.STATUS, InteractionMode.DEFAULT_AND_OFFER, "conversation");
    }

    @Override
    public void close() {
        turnPool.shutdownNow();
        background.shutdownNow();
    }
}
