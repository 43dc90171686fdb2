package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.agent.AgentRequest;
import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.MemoryOp;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.audit.AuditEntry;
import io.silas.core.channel.OwnerSigner;
import io.silas.core.context.ContextItem;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryType;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.vocabulary.TaintLevel;
import io.silas.core.work.EscalationPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamTurnTest {
    private final StreamFixture fx = new StreamFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private static TurnResult run(Stream stream, io.silas.core.channel.ChannelMessage message, String connection)
            throws Exception {
        return stream.submit(message, connection).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void build_nothingSet_namesEveryMissingCollaborator() {
        assertThatThrownBy(() -> Stream.builder().build())
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_COLLABORATOR))
                .hasMessageContainingAll("config", "audit", "stores", "proxy", "gate_runner", "message_trust",
                        "channel");
    }

    @Test
    void build_setterCalledTwice_rejected() {
        assertThatThrownBy(() -> Stream.builder().config(fx.config).config(fx.config))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }

    @Test
    void submit_inputGateBlocks_escalationReplyNoProxyCallNothingChronicled() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ProxyAgent proxy = request -> {
            calls.incrementAndGet();
            return StreamFixture.direct(t -> "reply").route(request);
        };
        try (Stream stream = fx.builder(proxy).build()) {
            TurnResult result = run(stream, fx.message("a", "please do the FORBIDDEN thing"), "a");

            assertThat(result.blocked()).isTrue();
            assertThat(result.route()).isNull();
            assertThat(result.reply()).isEqualTo(EscalationPolicy.POLITE_REDIRECT_MESSAGE);
            assertThat(fx.channel.sentTo("a")).containsExactly(EscalationPolicy.POLITE_REDIRECT_MESSAGE);
            assertThat(calls).hasValue(0);
            assertThat(fx.chronicleOf("a")).isEmpty();
            assertThat(fx.audit.findByEvent("turn_blocked")).singleElement()
                    .satisfies(e -> assertThat(e.data().toString()).contains("no_forbidden_input", "input"));
        }
    }

    @Test
    void submit_inputGateRedactsPii_proxySeesRewrittenMessage() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        ProxyAgent proxy = request -> {
            seen.add(request.message());
            return StreamFixture.direct(t -> "noted").route(request);
        };
        try (Stream stream = fx.builder(proxy).build()) {
            run(stream, fx.message("a", "send it to alice@example.com today"), "a");

            assertThat(seen).singleElement().satisfies(m -> assertThat(m).doesNotContain("alice@example.com")
                    .contains("send it to"));
            assertThat(String.join("\n", fx.chronicleOf("a"))).doesNotContain("alice@example.com");
        }
    }

    @Test
    void submit_outputGateBlocks_escalationReplySentAndMemoryOpsSkipped() throws Exception {
        ProxyAgent proxy = request -> RouteDecision.direct(new AgentResponse("the SECRET is 42", List.of(),
                        List.of(MemoryOp.store("blue whale facts", MemoryType.FACT, List.of(), List.of())), null, false),
                "scripted", InteractionRegister.STATUS, InteractionMode.DEFAULT_AND_OFFER, "conversation");
        try (Stream stream = fx.builder(proxy).build()) {
            TurnResult result = run(stream, fx.message("a", "tell me"), "a");

            assertThat(result.blocked()).isTrue();
            assertThat(result.reply()).isEqualTo(EscalationPolicy.POLITE_REDIRECT_MESSAGE);
            assertThat(fx.channel.sentTo("a")).containsExactly(EscalationPolicy.POLITE_REDIRECT_MESSAGE);
            assertThat(fx.chronicleOf("a")).containsExactly("tell me", EscalationPolicy.POLITE_REDIRECT_MESSAGE);
            assertThat(fx.memory.searchKeyword("a", "whale", 10)).isEmpty();
        }
    }

    @Test
    void submit_proxyInvalidTwice_fallbackWithoutEchoOfUserText() throws Exception {
        List<AgentRequest> requests = new CopyOnWriteArrayList<>();
        ProxyAgent proxy = request -> {
            requests.add(request);
            throw new SilasException(ErrorCode.LLM_OUTPUT_INVALID, "missing field route");
        };
        try (Stream stream = fx.builder(proxy).build()) {
            TurnResult result = run(stream, fx.message("a", "my unique words zebra"), "a");

            assertThat(requests).hasSize(2);
            assertThat(requests.get(1).message()).contains("missing field route");
            assertThat(result.reply()).isEqualTo(ProxyAgent.FALLBACK_MESSAGE).doesNotContain("zebra");
            assertThat(result.register()).isEqualTo(InteractionRegister.STATUS);
            assertThat(result.mode()).isEqualTo(InteractionMode.CONFIRM_ONLY_WHEN_REQUIRED);
            assertThat(fx.channel.sentTo("a")).containsExactly(ProxyAgent.FALLBACK_MESSAGE);
            assertThat(fx.audit.findByEvent("proxy_fallback")).hasSize(1);
        }
    }

    @Test
    void submit_proxyThrows_fallback() throws Exception {
        ProxyAgent proxy = request -> {
            throw new IllegalStateException("model down: zebra");
        };
        try (Stream stream = fx.builder(proxy).build()) {
            TurnResult result = run(stream, fx.message("a", "zebra"), "a");

            assertThat(result.reply()).isEqualTo(ProxyAgent.FALLBACK_MESSAGE);
            assertThat(result.route()).isEqualTo(RouteDecision.Route.DIRECT);
        }
    }

    @Test
    void submit_unknownProfileThenValid_retriedWithValidationError() throws Exception {
        List<AgentRequest> requests = new CopyOnWriteArrayList<>();
        ProxyAgent proxy = request -> {
            requests.add(request);
            String profile = requests.size() == 1 ? "nonexistent" : "coding";
            return RouteDecision.direct(AgentResponse.reply("fine"), "scripted", InteractionRegister.EXECUTION,
                    InteractionMode.ACT_AND_REPORT, profile);
        };
        try (Stream stream = fx.builder(proxy).build()) {
            TurnResult result = run(stream, fx.message("a", "hi"), "a");

            assertThat(result.reply()).isEqualTo("fine");
            assertThat(requests.get(1).message()).contains("nonexistent");
            assertThat(fx.audit.findByEvent("context_profile_changed")).isNotEmpty();
        }
    }

    @Test
    void submit_everyTurn_modeResolvedAndAudited() throws Exception {
        try (Stream stream = fx.builder(StreamFixture.direct(t -> "ok")).build()) {
            TurnResult result = run(stream, fx.message("a", "hi"), "a");

            assertThat(result.mode()).isEqualTo(InteractionMode.DEFAULT_AND_OFFER);
            AuditEntry entry = fx.audit.findByEvent("interaction_mode_resolved").get(0);
            assertThat(entry.data().toString()).contains("status", "default_and_offer", "conversation");
        }
    }

    @Test
    void submit_ownerSignedMessage_chronicledAsOwner() throws Exception {
        try (Stream stream = fx.builder(StreamFixture.direct(t -> "ok")).build()) {
            var signed = new OwnerSigner(fx.ownerKeys, fx.clock).sign(fx.message("owner", "signed hello"));
            stream.submit(signed, "a").toCompletableFuture().get(60, TimeUnit.SECONDS);
            run(stream, fx.message("a", "unsigned hello"), "a");

            List<ContextItem> entries = fx.chronicle.getRecent("a", 10);
            assertThat(entries).extracting(ContextItem::taint).containsExactly(TaintLevel.OWNER, TaintLevel.OWNER,
                    TaintLevel.EXTERNAL, TaintLevel.EXTERNAL);
        }
    }

    @Test
    void submit_tooManyMemoryOps_truncatedToLimitAndAudited() throws Exception {
        List<MemoryOp> ops = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ops.add(MemoryOp.store("pelican note " + i, MemoryType.FACT, List.of(), List.of()));
        }
        ProxyAgent proxy = request -> RouteDecision.direct(new AgentResponse("stored", List.of(), ops, null, false),
                "scripted", InteractionRegister.STATUS, InteractionMode.DEFAULT_AND_OFFER, "conversation");
        try (Stream stream = fx.builder(proxy).build()) {
            run(stream, fx.message("a", "remember"), "a");

            assertThat(fx.memory.searchKeyword("a", "pelican", 50)).hasSize(fx.config.limits().maxMemoryOpsPerTurn());
            assertThat(fx.memory.searchKeyword("b", "pelican", 50)).isEmpty();
            assertThat(fx.audit.findByEvent("memory_ops_truncated")).singleElement()
                    .satisfies(e -> assertThat(e.data().toString()).contains("12"));
        }
    }

    @Test
    void submit_memoryOfScope_retrievedIntoThatScopeOnly() throws Exception {
        List<String> contexts = new CopyOnWriteArrayList<>();
        ProxyAgent proxy = request -> {
            contexts.add(request.context());
            return StreamFixture.direct(t -> "ok").route(request);
        };
        ProxyAgent storing = request -> RouteDecision.direct(new AgentResponse("stored", List.of(),
                        List.of(MemoryOp.store("the walrus password hint is tea", MemoryType.FACT, List.of(), List.of())),
                        null, false), "scripted", InteractionRegister.STATUS, InteractionMode.DEFAULT_AND_OFFER,
                "conversation");
        AtomicInteger turn = new AtomicInteger();
        ProxyAgent combined = request -> turn.incrementAndGet() == 1 ? storing.route(request) : proxy.route(request);
        try (Stream stream = fx.builder(combined).build()) {
            run(stream, fx.message("a", "note this"), "a");
            run(stream, fx.message("b", "what about the walrus"), "b");
            run(stream, fx.message("a", "what about the walrus"), "a");

            assertThat(contexts.get(0)).doesNotContain("walrus password hint");
            assertThat(contexts.get(1)).contains("walrus password hint");
        }
    }
}
