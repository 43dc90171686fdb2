package io.silas.gates;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.SilasException;
import io.silas.core.gate.BlockRange;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateEvaluation;
import io.silas.core.gate.GateLane;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateRunner;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.GateType;
import io.silas.core.gate.NumericRange;
import io.silas.core.vocabulary.GateAction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Random gate configurations, provider behaviours and contexts from fuzz data: the runner never throws, never
 * lets a quality gate block or rewrite, and never merges a key outside the allowlist.
 */
class GateRunnerFuzzTest {
    private static final Path ROOT = tempRoot();
    private static final String[] PROVIDERS = {"predicate", "text_safety", "llm", "fuzz", "unknown"};
    private static final String[] CONFIG_KEYS = {"pattern", "case_insensitive", "full_match", "multiline", "clamp",
        "max_size_bytes", "filename_pattern", "case_sensitive", "target", "phrases"};
    private static final String[] EXTRACTS = {"message", "response", "sender_id", "tool_name", "tool_args",
        "tool_args.a", "tool_args.path", "step_output", "step_index", "tier", "missing"};
    private static final String[] MUTATION_KEYS = {"response", "message", "tool_args", "approval_token", "status",
        "sender_id"};

    @FuzzTest(maxDuration = "30s")
    void checkGates_randomGatesAndContexts_neverThrows(FuzzedDataProvider data) {
        List<Behaviour> behaviours = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            behaviours.add(new Behaviour(data.consumeInt(0, 5), data.consumeInt(0, 3), data.consumeString(40),
                    data.consumeInt(0, MUTATION_KEYS.length), data.consumeString(20)));
        }
        String llmAnswer = data.consumeString(80);
        GateRunner runner = Gates.runner().audit(AuditLog.inMemory(Clock.systemUTC()))
                .maxEvaluationsPerTurn(data.consumeInt(1, 40))
                .provider(Gates.predicate(List.of(ROOT)))
                .provider(Gates.textSafety())
                .provider(Gates.llm(req -> llmAnswer))
                .provider(Gates.callable("fuzz", (g, c) -> behaviours.get(Math.abs(g.name().hashCode()) % 4).apply(g)))
                .build();
        List<Gate> gates = new ArrayList<>();
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            Gate gate = gate(data, i);
            if (gate != null) {
                gates.add(gate);
            }
        }
        GateContext ctx = context(data);
        GateTrigger trigger = data.pickValue(GateTrigger.values());
        GateRunner.Session turn = runner.openTurn();
        GateEvaluation e = turn.checkGates(gates, trigger, ctx);
        for (GateResult q : e.quality()) {
            assertThat(q.action()).isEqualTo(GateAction.CONTINUE);
            assertThat(q.lane()).isEqualTo(GateLane.QUALITY);
            assertThat(q.modifiedContext()).isEmpty();
        }
        for (GateResult p : e.policy()) {
            assertThat(GateContext.ALLOWED_MUTATIONS).containsAll(p.modifiedContext().keySet());
        }
        assertThat(e.merged().senderId()).isEqualTo(ctx.senderId());
        assertThat(e.merged().toolName()).isEqualTo(ctx.toolName());
        assertThat(e.merged().values()).isEqualTo(ctx.values());
        for (Gate g : gates) {
            turn.checkGate(g, ctx);
        }
        assertThat(turn.evaluationsRemaining()).isGreaterThanOrEqualTo(0);
    }

    /** What the "fuzz" provider does for a gate. */
    private record Behaviour(int kind, int action, String reason, int mutationKey, String mutationValue) {
        GateResult apply(Gate gate) {
            GateAction a = GateAction.values()[action % 3];
            GateResult base = GateResult.of(kind == 4 ? "other-name" : gate.name(),
                    kind == 4 ? GateLane.QUALITY : gate.lane(), a, reason);
            return switch (kind) {
                case 0 -> throw new IllegalStateException(reason);
                case 1 -> null;
                case 2 -> base.withModifiedContext(mutation());
                case 3 -> base.withFlags(List.of(reason)).withScore(0.5);
                default -> base.withModifiedContext(mutation());
            };
        }

        private Map<String, JsonNode> mutation() {
            if (mutationKey >= MUTATION_KEYS.length) {
                return Map.of();
            }
            String key = MUTATION_KEYS[mutationKey];
            JsonNode value = key.equals("tool_args") && !mutationValue.isEmpty() && mutationValue.charAt(0) < 'm'
                    ? JsonNodeFactory.instance.objectNode().put("a", mutationValue)
                    : TextNode.valueOf(mutationValue);
            return Map.of(key, value);
        }
    }

    private static Gate gate(FuzzedDataProvider data, int index) {
        try {
            GateTrigger trigger = data.pickValue(GateTrigger.values());
            Gate.Builder b = Gate.builder("g" + index + data.consumeString(6), trigger)
                    .provider(data.pickValue(PROVIDERS))
                    .type(data.pickValue(GateType.values()))
                    .promoteToPolicy(data.consumeBoolean());
            if (trigger == GateTrigger.AFTER_STEP && data.consumeBoolean()) {
                b.afterStep(data.consumeInt(0, 3));
            }
            if (data.consumeBoolean()) {
                b.extract(data.pickValue(EXTRACTS));
            }
            if (data.consumeBoolean()) {
                b.check(data.consumeString(30));
            }
            if (data.consumeBoolean()) {
                double lo = data.consumeDouble();
                b.autoApprove(new NumericRange(lo, lo + Math.abs(data.consumeDouble())));
            }
            if (data.consumeBoolean()) {
                b.requireApproval(new NumericRange(data.consumeInt(-10, 10), data.consumeInt(10, 1000)));
            }
            if (data.consumeBoolean()) {
                b.block(BlockRange.of(data.consumeInt(-100, 0), data.consumeInt(0, 2000)));
            }
            if (data.consumeBoolean()) {
                b.allowedValues(List.of(data.consumeString(10), data.consumeString(10)));
                b.approvalValues(List.of(data.consumeString(10)));
            }
            Map<String, JsonNode> config = new LinkedHashMap<>();
            int n = data.consumeInt(0, 3);
            for (int i = 0; i < n; i++) {
                config.put(data.pickValue(CONFIG_KEYS), json(data));
            }
            return b.config(config).build();
        } catch (SilasException invalidConfiguration) {
            return null;
        }
    }

    private static JsonNode json(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 4)) {
            case 0 -> TextNode.valueOf(data.consumeString(30));
            case 1 -> BooleanNode.valueOf(data.consumeBoolean());
            case 2 -> DoubleNode.valueOf(data.consumeDouble());
            case 3 -> JsonNodeFactory.instance.objectNode().put("min", data.consumeDouble()).put("max", data.consumeDouble());
            default -> JsonNodeFactory.instance.arrayNode().add(data.consumeString(20));
        };
    }

    private static GateContext context(FuzzedDataProvider data) {
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        if (data.consumeBoolean()) {
            args.put("a", data.consumeString(20));
        }
        if (data.consumeBoolean()) {
            args.put("a", data.consumeDouble());
        }
        if (data.consumeBoolean()) {
            args.put("path", data.consumeBoolean() ? "f.txt" : data.consumeString(30));
        }
        GateContext.Builder b = GateContext.builder()
                .message(data.consumeBoolean() ? data.consumeString(200) : null)
                .response(data.consumeBoolean() ? data.consumeString(200) : null)
                .senderId(data.consumeBoolean() ? data.consumeString(10) : null)
                .toolName(data.consumeBoolean() ? data.consumeString(10) : null)
                .stepOutput(data.consumeBoolean() ? data.consumeString(50) : null)
                .stepIndex(data.consumeBoolean() ? data.consumeInt(0, 3) : null)
                .toolArgs(args);
        if (data.consumeBoolean()) {
            b.value("tier", data.consumeString(10));
        }
        return b.build();
    }

    private static Path tempRoot() {
        try {
            Path root = Files.createTempDirectory("silas-gates-fuzz-");
            Files.writeString(root.resolve("f.txt"), "fuzz");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
