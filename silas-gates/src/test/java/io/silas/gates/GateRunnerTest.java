package io.silas.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateAuditEvents;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateEvaluation;
import io.silas.core.gate.GateLane;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateRunner;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.GateType;
import io.silas.core.gate.NumericRange;
import io.silas.core.vocabulary.GateAction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GateRunnerTest {
    private static final GateTrigger IN = GateTrigger.EVERY_USER_MESSAGE;

    private final AuditLog audit = AuditLog.inMemory(Clock.systemUTC());
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    private GateRunnerBuilder builder(BiFunction<Gate, GateContext, GateResult> fn) {
        return Gates.runner().audit(audit).provider(Gates.predicate())
                .provider(Gates.callable("fn", (g, c) -> {
                    calls.add(g.name());
                    return fn.apply(g, c);
                }))
                .provider(Gates.llm(req -> req.gate().check() == null ? "{\"score\": 0.9}" : req.gate().check()));
    }

    private GateRunner runner(BiFunction<Gate, GateContext, GateResult> fn) {
        return builder(fn).build();
    }

    private static Gate fnGate(String name) {
        return Gate.builder(name, IN).provider("fn").type(GateType.CUSTOM_CHECK).build();
    }

    private static Gate llmGate(String name, String answer) {
        return Gate.builder(name, IN).provider("llm").check(answer).build();
    }

    private static Map<String, JsonNode> mutation(String key, JsonNode value) {
        return Map.of(key, value);
    }

    private static ObjectNode args(String key, int value) {
        return JsonNodeFactory.instance.objectNode().put(key, value);
    }

    private List<AuditEntry> events(String event) {
        return audit.findByEvent(event);
    }

    @Nested
    class Lanes {
        @Test
        void checkGates_policyBeforeQuality_policyInListOrder() {
            GateRunner r = runner((g, c) -> GateResult.pass(g, "ok"));
            List<Gate> gates = List.of(llmGate("q1", "{\"score\": 1}"), fnGate("system"), fnGate("work"));
            GateEvaluation e = r.checkGates(gates, IN, GateContext.forMessage("u", "hi"));
            assertThat(calls).containsExactly("system", "work");
            assertThat(e.policy()).extracting(GateResult::gateName).containsExactly("system", "work");
            assertThat(e.quality()).extracting(GateResult::gateName).containsExactly("q1");
            assertThat(e.quality().get(0).lane()).isEqualTo(GateLane.QUALITY);
            assertThat(e.blocked()).isFalse();
        }

        @Test
        void checkGates_onlyMatchingTriggerRuns() {
            GateRunner r = runner((g, c) -> GateResult.pass(g, "ok"));
            Gate out = Gate.builder("out", GateTrigger.EVERY_AGENT_RESPONSE).provider("fn").build();
            GateEvaluation e = r.checkGates(List.of(out, fnGate("in")), IN, GateContext.forMessage("u", "hi"));
            assertThat(calls).containsExactly("in");
            assertThat(e.policy()).hasSize(1);
        }

        @Test
        void checkGates_afterStep_onlyGatesOfThatStep() {
            GateRunner r = runner((g, c) -> GateResult.pass(g, "ok"));
            Gate step1 = Gate.builder("s1", GateTrigger.AFTER_STEP).afterStep(1).provider("fn").build();
            Gate step2 = Gate.builder("s2", GateTrigger.AFTER_STEP).afterStep(2).provider("fn").build();
            Gate every = Gate.builder("all", GateTrigger.AFTER_STEP).provider("fn").build();
            r.checkGates(List.of(step1, step2, every), GateTrigger.AFTER_STEP, GateContext.forStep(2, "out"));
            assertThat(calls).containsExactly("s2", "all");
        }

        @Test
        void checkGates_noGateFires_contextUnchanged() {
            GateContext ctx = GateContext.forMessage("u", "hi");
            GateEvaluation e = runner((g, c) -> GateResult.pass(g, "ok")).checkGates(List.of(), IN, ctx);
            assertThat(e.policy()).isEmpty();
            assertThat(e.merged()).isEqualTo(ctx);
        }

        @Test
        void checkGates_providerLabelsOtherGateOrLane_overwrittenWithOwn() {
            GateRunner r = runner((g, c) -> GateResult.of("impostor", GateLane.QUALITY, GateAction.CONTINUE, "ok"));
            GateResult res = r.checkGates(List.of(fnGate("real")), IN, GateContext.empty()).policy().get(0);
            assertThat(res.gateName()).isEqualTo("real");
            assertThat(res.lane()).isEqualTo(GateLane.POLICY);
        }
    }

    @Nested
    class Blocks {
        @Test
        void checkGates_afterBlock_remainingPolicyGatesStillRun_onlyFirstEscalates() {
            GateRunner r = runner((g, c) -> g.name().startsWith("b") ? GateResult.block(g, "no " + g.name())
                    : GateResult.pass(g, "ok"));
            GateEvaluation e = r.checkGates(List.of(fnGate("b1"), fnGate("ok"), fnGate("b2")), IN,
                    GateContext.forMessage("sender-7", "x"));
            assertThat(calls).containsExactly("b1", "ok", "b2");
            assertThat(e.blocked()).isTrue();
            assertThat(e.firstBlock().orElseThrow().gateName()).isEqualTo("b1");
            List<AuditEntry> blocks = events(GateAuditEvents.GATE_BLOCKED);
            assertThat(blocks).hasSize(2);
            assertThat(blocks.get(0).data().get("escalates").booleanValue()).isTrue();
            assertThat(blocks.get(0).data().get("sender_id").textValue()).isEqualTo("sender-7");
            assertThat(blocks.get(1).data().get("escalates").booleanValue()).isFalse();
        }

        @Test
        void checkGates_unknownProvider_blockNoProvider() {
            Gate g = Gate.builder("g", IN).provider("nobody").build();
            GateResult res = runner((x, c) -> GateResult.pass(x, "ok")).checkGates(List.of(g), IN, GateContext.empty())
                    .policy().get(0);
            assertThat(res.action()).isEqualTo(GateAction.BLOCK);
            assertThat(res.reason()).isEqualTo("No provider: nobody");
        }

        @Test
        void checkGates_unregisteredLlmProviderForQualityGate_policyBlock() {
            GateRunner r = Gates.runner().audit(audit).build();
            GateEvaluation e = r.checkGates(List.of(Gate.builder("q", IN).provider("llm").build()), IN,
                    GateContext.empty());
            assertThat(e.blocked()).isTrue();
            assertThat(e.firstBlock().orElseThrow().reason()).isEqualTo("No provider: llm");
            assertThat(e.quality()).isEmpty();
        }

        @Test
        void checkGates_policyProviderThrows_blockAndAudited() {
            GateRunner r = runner((g, c) -> {
                throw new IllegalStateException("boom");
            });
            GateEvaluation e = r.checkGates(List.of(fnGate("g")), IN, GateContext.empty());
            assertThat(e.firstBlock().orElseThrow().reason()).isEqualTo("Gate check failed");
            AuditEntry err = events(GateAuditEvents.GATE_PROVIDER_ERROR).get(0);
            assertThat(err.data().get("error").textValue()).isEqualTo("IllegalStateException");
            assertThat(err.data().get("lane").textValue()).isEqualTo("policy");
        }

        @Test
        void checkGates_policyProviderReturnsNull_block() {
            GateEvaluation e = runner((g, c) -> null).checkGates(List.of(fnGate("g")), IN, GateContext.empty());
            assertThat(e.blocked()).isTrue();
            assertThat(events(GateAuditEvents.GATE_PROVIDER_ERROR)).hasSize(1);
        }

        @Test
        void checkGates_providerThrowsStackOverflow_block() {
            GateEvaluation e = runner((g, c) -> {
                throw new StackOverflowError();
            }).checkGates(List.of(fnGate("g")), IN, GateContext.empty());
            assertThat(e.blocked()).isTrue();
        }

        @Test
        void checkGates_requireApproval_reported() {
            Gate approval = Gate.builder("pay", IN).type(GateType.APPROVAL_ALWAYS).build();
            GateEvaluation e = runner((g, c) -> GateResult.pass(g, "ok")).checkGates(List.of(approval), IN,
                    GateContext.empty());
            assertThat(e.blocked()).isFalse();
            assertThat(e.requiresApproval()).isTrue();
            assertThat(e.approvalsRequired()).extracting(GateResult::gateName).containsExactly("pay");
        }
    }

    @Nested
    class Mutations {
        @Test
        void checkGates_disallowedKeys_droppedAndAudited() {
            GateRunner r = runner((g, c) -> GateResult.pass(g, "ok").withModifiedContext(Map.of(
                    "approval_token", TextNode.valueOf("forged"), "status", TextNode.valueOf("done"),
                    "response", TextNode.valueOf("clean"))));
            GateContext ctx = GateContext.builder().response("dirty").senderId("u").build();
            GateEvaluation e = r.checkGates(List.of(fnGate("g")), IN, ctx);
            assertThat(e.merged().response()).isEqualTo("clean");
            assertThat(e.merged().senderId()).isEqualTo("u");
            assertThat(e.policy().get(0).modifiedContext()).containsOnlyKeys("response");
            assertThat(events(GateAuditEvents.REJECTED_MUTATION))
                    .extracting(a -> a.data().get("key").textValue() + "@" + a.data().get("gate").textValue())
                    .containsExactlyInAnyOrder("approval_token@g", "status@g");
            assertThat(events(GateAuditEvents.GATE_MUTATION)).hasSize(1);
            assertThat(events(GateAuditEvents.GATE_MUTATION).get(0).data().toString()).doesNotContain("dirty", "clean");
        }

        @Test
        void checkGates_wrongTypedMutation_droppedAndAudited() {
            GateRunner r = runner((g, c) -> GateResult.pass(g, "ok").withModifiedContext(
                    mutation("tool_args", TextNode.valueOf("rm -rf"))));
            GateEvaluation e = r.checkGates(List.of(fnGate("g")), IN, GateContext.forToolCall("t", args("a", 1)));
            assertThat(e.merged().toolArgs()).isEqualTo(args("a", 1));
            assertThat(events(GateAuditEvents.REJECTED_MUTATION).get(0).data().get("reason").textValue())
                    .contains("object");
        }

        @Test
        void checkGates_toolArgs_shallowMergedLeftToRight_laterGatesSeeMerged() {
            List<JsonNode> seen = new ArrayList<>();
            GateRunner r = runner((g, c) -> {
                seen.add(c.toolArgs());
                return switch (g.name()) {
                    case "first" -> GateResult.pass(g, "ok").withModifiedContext(mutation("tool_args", args("size", 25)));
                    case "second" -> GateResult.pass(g, "ok").withModifiedContext(mutation("tool_args",
                            JsonNodeFactory.instance.objectNode().put("size", 10).put("dry_run", true)));
                    default -> GateResult.pass(g, "ok");
                };
            });
            ObjectNode original = JsonNodeFactory.instance.objectNode().put("size", 100).put("symbol", "X");
            GateEvaluation e = r.checkGates(List.of(fnGate("first"), fnGate("second"), fnGate("third")),
                    GateTrigger.EVERY_USER_MESSAGE, GateContext.forToolCall("trade", original));
            assertThat(seen.get(1).get("size").intValue()).isEqualTo(25);
            assertThat(seen.get(2).get("size").intValue()).isEqualTo(10);
            ObjectNode merged = e.merged().toolArgs();
            assertThat(merged.get("size").intValue()).isEqualTo(10);
            assertThat(merged.get("symbol").textValue()).isEqualTo("X");
            assertThat(merged.get("dry_run").booleanValue()).isTrue();
        }

        @Test
        void checkGate_single_filtersMutation() {
            GateRunner r = runner((g, c) -> GateResult.pass(g, "ok").withModifiedContext(Map.of(
                    "status", TextNode.valueOf("x"), "message", TextNode.valueOf("m"))));
            GateResult res = r.checkGate(fnGate("g"), GateContext.empty());
            assertThat(res.modifiedContext()).containsOnlyKeys("message");
        }
    }

    @Nested
    class Quality {
        @Test
        void checkGates_qualityBlock_becomesContinueAndAudited() {
            GateRunner r = Gates.runner().audit(audit).provider(Gates.callable("llm",
                    (g, c) -> GateResult.block(g, "I object").withScore(0.1))).build();
            Gate q = Gate.builder("q", IN).provider("llm").build();
            GateEvaluation e = r.checkGates(List.of(q), IN, GateContext.forMessage("u", "x"));
            assertThat(e.blocked()).isFalse();
            assertThat(e.quality().get(0).action()).isEqualTo(GateAction.CONTINUE);
            assertThat(e.quality().get(0).score()).isEqualTo(0.1);
            assertThat(events(GateAuditEvents.QUALITY_LANE_VIOLATION).get(0).data().get("action").textValue())
                    .isEqualTo("block");
            assertThat(events(GateAuditEvents.GATE_BLOCKED)).isEmpty();
        }

        @Test
        void checkGates_qualityRequireApproval_becomesContinue() {
            GateRunner r = Gates.runner().audit(audit).provider(Gates.callable("llm",
                    (g, c) -> GateResult.requireApproval(g, "ask"))).build();
            GateEvaluation e = r.checkGates(List.of(Gate.builder("q", IN).provider("llm").build()), IN,
                    GateContext.empty());
            assertThat(e.requiresApproval()).isFalse();
            assertThat(e.quality().get(0).action()).isEqualTo(GateAction.CONTINUE);
        }

        @Test
        void checkGates_qualityMutation_droppedAndAudited() {
            GateRunner r = Gates.runner().audit(audit).provider(Gates.callable("llm",
                    (g, c) -> GateResult.pass(g, "fine").withModifiedContext(mutation("response", TextNode.valueOf("x")))))
                    .build();
            GateContext ctx = GateContext.forResponse("u", "original");
            GateEvaluation e = r.checkGates(List.of(Gate.builder("q", GateTrigger.EVERY_AGENT_RESPONSE).provider("llm")
                    .build()), GateTrigger.EVERY_AGENT_RESPONSE, ctx);
            assertThat(e.merged().response()).isEqualTo("original");
            assertThat(e.quality().get(0).modifiedContext()).isEmpty();
            assertThat(events(GateAuditEvents.REJECTED_MUTATION)).hasSize(1);
        }

        @Test
        void checkGates_qualityProviderThrows_continueWithLlmError() {
            GateRunner r = Gates.runner().audit(audit).provider(Gates.callable("llm", (g, c) -> {
                throw new IllegalStateException("model down");
            })).build();
            GateEvaluation e = r.checkGates(List.of(Gate.builder("q", IN).provider("llm").build()), IN,
                    GateContext.empty());
            assertThat(e.blocked()).isFalse();
            GateResult q = e.quality().get(0);
            assertThat(q.action()).isEqualTo(GateAction.CONTINUE);
            assertThat(q.score()).isNull();
            assertThat(q.flags()).containsExactly("llm_error");
            assertThat(events(GateAuditEvents.GATE_PROVIDER_ERROR)).hasSize(1);
        }

        @Test
        void checkGates_qualityRunsOnMergedContext() {
            List<String> seen = new ArrayList<>();
            GateRunner r = Gates.runner().audit(audit)
                    .provider(Gates.callable("fn", (g, c) -> GateResult.pass(g, "ok")
                            .withModifiedContext(mutation("response", TextNode.valueOf("redacted")))))
                    .provider(Gates.callable("llm", (g, c) -> {
                        seen.add(c.response());
                        return GateResult.pass(g, "ok");
                    })).build();
            GateTrigger out = GateTrigger.EVERY_AGENT_RESPONSE;
            r.checkGates(List.of(Gate.builder("q", out).provider("llm").build(), Gate.builder("p", out).provider("fn")
                    .build()), out, GateContext.forResponse("u", "secret"));
            assertThat(seen).containsExactly("redacted");
        }

        @Test
        void checkGates_promotedLlmGate_canBlock() {
            GateRunner r = runner((g, c) -> GateResult.pass(g, "ok"));
            Gate promoted = Gate.builder("med", IN).provider("llm").promoteToPolicy(true)
                    .check("{\"action\": \"block\", \"reason\": \"medical advice\"}").build();
            GateEvaluation e = r.checkGates(List.of(promoted), IN, GateContext.forMessage("u", "x"));
            assertThat(e.firstBlock().orElseThrow().reason()).isEqualTo("medical advice");
        }
    }

    @Nested
    class EvaluationCap {
        @Test
        void session_sharedBudget_overCapBlocksAndAudits() {
            GateRunner r = builder((g, c) -> GateResult.pass(g, "ok")).maxEvaluationsPerTurn(3).build();
            GateRunner.Session turn = r.openTurn();
            assertThat(turn.checkGates(List.of(fnGate("a"), fnGate("b")), IN, GateContext.empty()).blocked()).isFalse();
            GateEvaluation second = turn.checkGates(List.of(fnGate("c"), fnGate("d")), IN, GateContext.empty());
            assertThat(calls).containsExactly("a", "b", "c");
            assertThat(second.firstBlock().orElseThrow().gateName()).isEqualTo("d");
            assertThat(second.firstBlock().orElseThrow().reason()).contains("limit");
            assertThat(turn.evaluationsUsed()).isEqualTo(3);
            assertThat(turn.evaluationsRemaining()).isZero();
            assertThat(events(GateAuditEvents.GATE_EVAL_LIMIT_EXCEEDED)).hasSize(1);
        }

        @Test
        void runnerCalls_eachOwnTurn() {
            GateRunner r = builder((g, c) -> GateResult.pass(g, "ok")).maxEvaluationsPerTurn(1).build();
            assertThat(r.checkGates(List.of(fnGate("a")), IN, GateContext.empty()).blocked()).isFalse();
            assertThat(r.checkGates(List.of(fnGate("b")), IN, GateContext.empty()).blocked()).isFalse();
            assertThat(r.checkGate(fnGate("c"), GateContext.empty()).action()).isEqualTo(GateAction.CONTINUE);
        }

        @Test
        void defaultCap_is32() {
            GateRunner.Session turn = runner((g, c) -> GateResult.pass(g, "ok")).openTurn();
            assertThat(turn.evaluationsRemaining()).isEqualTo(32);
        }

        @Test
        void overCap_qualityGate_blocksInPolicyLane() {
            GateRunner r = builder((g, c) -> GateResult.pass(g, "ok")).maxEvaluationsPerTurn(1).build();
            GateEvaluation e = r.checkGates(List.of(fnGate("p"), llmGate("q", "{\"score\": 1}")), IN,
                    GateContext.empty());
            assertThat(e.quality()).isEmpty();
            assertThat(e.firstBlock().orElseThrow().gateName()).isEqualTo("q");
        }
    }

    @Nested
    class Builder {
        @Test
        void build_withoutAudit_missingCollaborator() {
            assertThatThrownBy(() -> Gates.runner().build()).isInstanceOf(SilasException.class)
                    .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.MISSING_COLLABORATOR))
                    .hasMessageContaining("audit");
        }

        @Test
        void setterTwice_failsFast() {
            assertThatThrownBy(() -> Gates.runner().audit(audit).audit(audit)).isInstanceOf(SilasException.class)
                    .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID));
            assertThatThrownBy(() -> Gates.runner().maxEvaluationsPerTurn(3).maxEvaluationsPerTurn(4))
                    .isInstanceOf(SilasException.class);
            assertThatThrownBy(() -> Gates.runner().discoverProviders().discoverProviders())
                    .isInstanceOf(SilasException.class);
        }

        @Test
        void duplicateProviderName_rejected() {
            assertThatThrownBy(() -> Gates.runner().provider(Gates.predicate()).provider(Gates.predicate()))
                    .isInstanceOf(SilasException.class).hasMessageContaining("already registered");
        }

        @Test
        void invalidCap_rejected() {
            assertThatThrownBy(() -> Gates.runner().maxEvaluationsPerTurn(0)).isInstanceOf(SilasException.class);
        }

        @Test
        void callable_invalidName_rejected() {
            assertThatThrownBy(() -> Gates.callable("Bad Name", (g, c) -> null)).isInstanceOf(SilasException.class);
        }

        @Test
        void nullArguments_invalidInput() {
            GateRunner r = runner((g, c) -> GateResult.pass(g, "ok"));
            assertThatThrownBy(() -> r.checkGates(null, IN, GateContext.empty())).isInstanceOf(SilasException.class);
            assertThatThrownBy(() -> r.checkGate(fnGate("g"), null)).isInstanceOf(SilasException.class);
        }
    }

    @Nested
    class Discovery {
        @Test
        void discoverProviders_loadsGoodSkipsFaultyAndDuplicates() {
            GateRunner r = Gates.runner().audit(audit)
                    .provider(Gates.callable("test_dup", (g, c) -> GateResult.pass(g, "code wins")))
                    .discoverProviders(getClass().getClassLoader()).build();
            GateEvaluation e = r.checkGates(List.of(
                    Gate.builder("d", IN).provider(DiscoveredTestProvider.NAME).build(),
                    Gate.builder("dup", IN).provider("test_dup").build()), IN, GateContext.forMessage("u", "x"));
            assertThat(e.policy()).extracting(GateResult::reason).containsExactly("discovered", "code wins");
            List<String> skipped = events(GateAuditEvents.GATE_PROVIDER_SKIPPED).stream()
                    .map(a -> a.data().get("reason").textValue()).toList();
            assertThat(skipped).anyMatch(s -> s.startsWith("could not be loaded"));
            assertThat(skipped).contains("name already registered", "name() failed");
        }

        @Test
        void withoutOptIn_nothingDiscovered() {
            GateRunner r = Gates.runner().audit(audit).build();
            GateResult res = r.checkGate(Gate.builder("d", IN).provider(DiscoveredTestProvider.NAME).build(),
                    GateContext.empty());
            assertThat(res.reason()).isEqualTo("No provider: " + DiscoveredTestProvider.NAME);
        }
    }

    @Test
    void numericGatesThroughRunner_clampMutationMerged() {
        Gate clamp = Gate.builder("clamp", GateTrigger.ON_TOOL_CALL).type(GateType.NUMERIC_RANGE)
                .extract("tool_args.position_usd").autoApprove(new NumericRange(0, 25))
                .config(Map.of("clamp", JsonNodeFactory.instance.objectNode().put("min", 0).put("max", 25))).build();
        GateEvaluation e = runner((g, c) -> GateResult.pass(g, "ok")).checkGates(List.of(clamp),
                GateTrigger.ON_TOOL_CALL, GateContext.forToolCall("trade", args("position_usd", 100)));
        assertThat(e.blocked()).isFalse();
        assertThat(e.merged().toolArgs().get("position_usd").doubleValue()).isEqualTo(25.0);
    }
}
