package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.silas.core.agent.AgentRequest;
import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.audit.AuditEntry;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.OwnerSigner;
import io.silas.core.gate.AccessLevel;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateRunner;
import io.silas.core.persona.PersonaState;
import io.silas.core.persona.PersonaStore;
import io.silas.core.persona.PersonalityEngine;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.tool.ToolCall;
import io.silas.core.tool.ToolCallStatus;
import io.silas.core.tool.ToolDefinition;
import io.silas.core.tool.ToolExecution;
import io.silas.core.tool.ToolRequest;
import io.silas.core.tool.Toolset;
import io.silas.core.trust.ChannelIdentity;
import io.silas.core.trust.NonceStore;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.WorkItem;
import io.silas.gates.Gates;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The turn wiring with real gates, trust, stores and audit: access control and the filtered toolset,
 * the personality engine, agent-call timeouts. Only the agents are scripted (they record their requests).
 */
class StreamTurnWiringTest {
    private static final String ACCESS_YAML = """
            gates:
              system:
                - name: verify_id
                  on: every_user_message
                  provider: idcheck
                  type: custom_check
                  on_block: polite_redirect
            """;

    private final List<AgentRequest> requests = new CopyOnWriteArrayList<>();
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
    }

    private ProxyAgent recording(InteractionRegister register, String reply) {
        return request -> {
            requests.add(request);
            return RouteDecision.direct(AgentResponse.reply(reply), "scripted", register,
                    InteractionMode.DEFAULT_AND_OFFER, "conversation");
        };
    }

    private static Toolset hostTools() {
        List<ToolDefinition> all = List.of(ToolDefinition.of("faq", "answers FAQs", List.of()),
                ToolDefinition.of("order_lookup", "looks up an order", List.of()),
                ToolDefinition.of("refund", "refunds an order", List.of()));
        return new Toolset() {
            @Override
            public List<ToolDefinition> definitions() {
                return all;
            }

            @Override
            public ToolExecution execute(ToolRequest request) {
                return new ToolExecution.Refused(ToolCallStatus.NOT_FOUND, "not executed in this test");
            }
        };
    }

    private Stream accessStream() {
        fx = new StreamFixture(ACCESS_YAML);
        GateRunner gates = Gates.runner().audit(fx.audit).provider(Gates.callable("idcheck", (gate, ctx) ->
                ctx.message() != null && ctx.message().contains("ID-OK") ? GateResult.pass(gate, "verified")
                        : GateResult.block(gate, "identity not verified"))).build();
        Map<String, AccessLevel> levels = new LinkedHashMap<>();
        levels.put("public", new AccessLevel("anyone", List.of("faq"), List.of(), null));
        levels.put("verified", new AccessLevel("verified customer", List.of("faq", "order_lookup"),
                List.of("verify_id"), 60));
        WorkItem goal = WorkItem.builder("support", WorkItemType.GOAL, "Support").body("Answer customers.")
                .accessLevels(levels).build();
        return Stream.builder().config(fx.config).audit(fx.audit).stores(fx.chronicle, fx.memory, fx.workItems)
                .proxy(recording(InteractionRegister.STATUS, "ok")).gateRunner(gates).messageTrust(fx.trust)
                .channel(fx.channel).turnExecutor(fx.turnPool).backgroundExecutor(fx.background).clock(fx.clock)
                .activeGoal(goal).toolset(hostTools()).build();
    }

    /** A Stream on {@code fx} whose id check always passes, raising a scope to "verified" (order_lookup). */
    private Stream alwaysVerifiedStream(MessageTrust trust) {
        GateRunner gates = Gates.runner().audit(fx.audit).provider(Gates.callable("idcheck",
                (gate, ctx) -> GateResult.pass(gate, "verified"))).build();
        Map<String, AccessLevel> levels = Map.of("verified",
                new AccessLevel("", List.of("order_lookup"), List.of("verify_id"), null));
        WorkItem goal = WorkItem.builder("support", WorkItemType.GOAL, "Support").body("Answer customers.")
                .accessLevels(levels).build();
        return Stream.builder().config(fx.config).audit(fx.audit).stores(fx.chronicle, fx.memory, fx.workItems)
                .proxy(recording(InteractionRegister.STATUS, "ok")).gateRunner(gates).messageTrust(trust)
                .channel(fx.channel).turnExecutor(fx.turnPool).backgroundExecutor(fx.background).clock(fx.clock)
                .activeGoal(goal).toolset(hostTools()).build();
    }

    private static List<String> toolNames(AgentRequest request) {
        return request.tools().stream().map(ToolDefinition::name).toList();
    }

    private TurnResult turn(String connection, String text) throws Exception {
        return stream.submit(fx.message(connection, text), connection).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void access_customCheckGatePasses_levelRaisedAfterTurn_thenExpiresToPublic() throws Exception {
        stream = accessStream();

        turn("web:1", "ID-OK here is my id");
        turn("web:1", "ID-OK where is my order");
        fx.clock.advance(Duration.ofSeconds(61));
        turn("web:1", "ID-OK again");

        assertThat(requests).extracting(StreamTurnWiringTest::toolNames).containsExactly(
                List.of("faq"), List.of("faq", "order_lookup"), List.of("faq"));
        assertThat(requests.get(1).toolset().execute(new ToolRequest(new ToolCall("refund",
                JsonNodeFactory.instance.objectNode()), 0, "turn", List.of(), Map.of())))
                .isInstanceOfSatisfying(ToolExecution.Refused.class,
                        r -> assertThat(r.status()).isEqualTo(ToolCallStatus.FILTERED));
        List<JsonNode> changes = fx.audit.findByEvent("access_level_changed").stream().map(AuditEntry::data)
                .toList();
        assertThat(changes).extracting(d -> d.path("to_level").asText() + "/" + d.path("reason").asText())
                .containsExactly("verified/gate_passed", "public/expired", "verified/gate_passed");
        assertThat(changes).allSatisfy(d -> assertThat(d.path("scope_id").asText()).isEqualTo("web:1"));
    }

    @Test
    void access_raisedLevel_keptWhenIdleProcessorIsReleasedAndRecreated() throws Exception {
        fx = new StreamFixture("turns: { processor_idle_seconds: 60 }\n" + ACCESS_YAML);
        stream = alwaysVerifiedStream(fx.trust);

        turn("web:10", "first");
        fx.clock.advance(Duration.ofSeconds(61));
        turn("web:11", "other scope");
        int liveAfterRelease = stream.liveProcessors();
        turn("web:10", "back again");

        assertThat(liveAfterRelease).isEqualTo(1);
        assertThat(requests).extracting(StreamTurnWiringTest::toolNames)
                .containsExactly(List.of(), List.of(), List.of("order_lookup"));
        assertThat(fx.audit.findByEvent("access_level_changed")).extracting(e -> e.data().path("scope_id").asText())
                .containsExactly("web:10", "web:11");
    }

    @Test
    void access_blockedTurn_noAgentCallAndNoLevelChange() throws Exception {
        stream = accessStream();

        TurnResult blocked = turn("web:2", "hello");

        assertThat(blocked.blocked()).isTrue();
        assertThat(requests).isEmpty();
        assertThat(fx.audit.findByEvent("access_level_changed")).isEmpty();
    }

    @Test
    void access_authenticatedSender_customerIdInTransitionAudit() throws Exception {
        fx = new StreamFixture(ACCESS_YAML);
        MessageTrust trust = MessageTrust.builder().ownerPublicKey(fx.ownerKeys.publicKey())
                .nonceStore(NonceStore.inMemory()).audit(fx.audit).clock(fx.clock)
                .authenticatedIdentities(List.of(new ChannelIdentity("web", "cust-7"))).build();
        stream = alwaysVerifiedStream(trust);

        stream.submit(fx.message("cust-7", "hi"), "web:3").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(fx.audit.findByEvent("access_level_changed")).singleElement()
                .satisfies(e -> assertThat(e.data().path("customer_id").asText()).isEqualTo("cust-7"));
    }

    @Test
    void access_ownerSignedMessage_getsAllTools_unsignedOnOwnerScopeGetsPublicLevel() throws Exception {
        stream = accessStream();

        turn("owner", "ID-OK unsigned on the owner's connection");
        var signed = new OwnerSigner(fx.ownerKeys, fx.clock).sign(fx.message("web:4", "ID-OK signed"));
        stream.submit(signed, "web:4").toCompletableFuture().get(10, TimeUnit.SECONDS);
        turn("web:4", "ID-OK unsigned");
        var signedOnOwner = new OwnerSigner(fx.ownerKeys, fx.clock).sign(fx.message("owner", "ID-OK signed"));
        stream.submit(signedOnOwner, "owner").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(requests).extracting(StreamTurnWiringTest::toolNames).containsExactly(
                List.of("faq"), List.of("faq", "order_lookup", "refund"), List.of("faq", "order_lookup"),
                List.of("faq", "order_lookup", "refund"));
        assertThat(fx.audit.findByEvent("access_level_changed")).extracting(e -> e.data().path("scope_id").asText())
                .containsExactly("web:4");
    }

    @Test
    void personality_directivesInRequest_blockedTurnEventSaved_initiativeAudited() throws Exception {
        fx = new StreamFixture();
        PersonaStore personas = PersonaStore.inMemory();
        stream = fx.builder(recording(InteractionRegister.EXECUTION, "a SECRET reply"))
                .personality(PersonalityEngine.create(personas, fx.clock)).build();

        turn("web:5", "hello");
        fx.clock.advance(Duration.ofMinutes(1));
        turn("web:5", "again");

        assertThat(requests).allSatisfy(r -> assertThat(r.styleDirectives()).contains("Style for this reply")
                .doesNotContainPattern("[0-9]"));
        assertThat(personas.listEvents("web:5")).extracting(e -> e.eventType()).containsExactly("blocked", "blocked");
        PersonaState saved = personas.getState("web:5").orElseThrow();
        assertThat(saved.mood().frustration()).isGreaterThan(0.15);
        assertThat(saved.lastContext()).isEqualTo("execution");
        assertThat(fx.audit.findByEvent("interaction_mode_resolved"))
                .extracting(e -> e.data().path("high_initiative").asBoolean())
                .as("execution context lifts initiative to the threshold; the blocked turn's mood lowers it")
                .containsExactly(true, false);
    }

    @Test
    void personality_storeFails_neutralStyleAndTurnSucceeds() throws Exception {
        fx = new StreamFixture();
        PersonaStore broken = new PersonaStore() {
            @Override
            public Optional<PersonaState> getState(String scopeId) {
                throw new IllegalStateException("store down");
            }

            @Override
            public void saveState(PersonaState state) {
                throw new IllegalStateException("store down");
            }

            @Override
            public void appendEvent(io.silas.core.persona.PersonaEvent event) {
                throw new IllegalStateException("store down");
            }

            @Override
            public List<io.silas.core.persona.PersonaEvent> listEvents(String scopeId, int limit) {
                return List.of();
            }
        };
        stream = fx.builder(recording(InteractionRegister.STATUS, "fine"))
                .personality(PersonalityEngine.create(broken, fx.clock)).build();

        TurnResult result = turn("web:6", "hello");

        assertThat(result.reply()).isEqualTo("fine");
        assertThat(requests).singleElement().satisfies(r -> assertThat(r.styleDirectives()).isNull());
    }

    @Test
    void timeout_stuckProxy_fallbackAuditedLlmUnavailable_turnCompletes() throws Exception {
        fx = new StreamFixture("turns: { agent_timeout_seconds: 1, agent_retries: 0 }\n" + StreamFixture.CONFIG_YAML);
        CountDownLatch release = new CountDownLatch(1);
        stream = fx.builder(request -> {
            awaitIgnoringInterrupts(release);
            return RouteDecision.direct(AgentResponse.reply("late"), "late", InteractionRegister.STATUS,
                    InteractionMode.DEFAULT_AND_OFFER, "conversation");
        }).build();
        try {
            TurnResult result = turn("web:7", "are you there?");

            assertThat(result.reply()).isNotEqualTo("late").doesNotContain("are you there");
            assertThat(result.register()).isEqualTo(InteractionRegister.STATUS);
            assertThat(fx.audit.findByEvent("proxy_fallback")).singleElement()
                    .satisfies(e -> assertThat(e.data().path("reason").asText()).isEqualTo("llm_unavailable"));
        } finally {
            release.countDown();
        }
    }

    @Test
    void timeout_stuckPlanner_plannerFallbackAuditedLlmUnavailable() throws Exception {
        fx = new StreamFixture("turns: { agent_timeout_seconds: 1, agent_retries: 0 }\n" + StreamFixture.CONFIG_YAML);
        CountDownLatch release = new CountDownLatch(1);
        stream = fx.builder(request -> RouteDecision.planner("deep", InteractionRegister.EXECUTION,
                        InteractionMode.ACT_AND_REPORT, "conversation"))
                .planner(request -> {
                    awaitIgnoringInterrupts(release);
                    return AgentResponse.reply("late plan");
                }).build();
        try {
            TurnResult result = turn("web:8", "plan something");

            assertThat(result.reply()).isNotEqualTo("late plan");
            assertThat(result.planStatus()).isEqualTo(TurnResult.PlanStatus.NONE);
            assertThat(fx.audit.findByEvent("planner_fallback")).singleElement()
                    .satisfies(e -> assertThat(e.data().path("reason").asText()).isEqualTo("llm_unavailable"));
        } finally {
            release.countDown();
        }
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException ignored) {
                // a stuck agent that ignores cancellation
            }
        }
    }
}
