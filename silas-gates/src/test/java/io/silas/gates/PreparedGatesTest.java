package io.silas.gates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.audit.AuditLog;
import io.silas.core.gate.BlockRange;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateEvaluation;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateRunner;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.GateType;
import io.silas.core.gate.NumericRange;
import io.silas.core.vocabulary.GateAction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner's prepared gate sets give the provider's own results, and a changed set is never served stale. */
class PreparedGatesTest {
    private static final GateTrigger T = GateTrigger.ON_TOOL_CALL;

    private final GateCheckProvider predicate = Gates.predicate();
    private final GateRunner runner = Gates.runner().audit(AuditLog.inMemory(Clock.systemUTC()))
            .provider(predicate).maxEvaluationsPerTurn(1_000).build();

    private static List<Gate> gates() {
        return List.of(
                Gate.builder("tool", T).allowedValues(List.of("search", "place_order")).build(),
                Gate.builder("amount", T).type(GateType.NUMERIC_RANGE).extract("tool_args.amount")
                        .block(BlockRange.of(0, 10_000)).autoApprove(new NumericRange(0, 500))
                        .requireApproval(new NumericRange(500, 5000)).build(),
                Gate.builder("clamped", T).type(GateType.NUMERIC_RANGE).extract("tool_args.quantity")
                        .config(Map.of("clamp", JsonNodeFactory.instance.objectNode().put("min", 1).put("max", 10)))
                        .autoApprove(new NumericRange(1, 10)).build(),
                Gate.builder("bad_clamp", T).type(GateType.NUMERIC_RANGE).extract("tool_args.quantity")
                        .config(Map.of("clamp", JsonNodeFactory.instance.objectNode().put("min", 9).put("max", 1)))
                        .build(),
                Gate.builder("currency", T).extract("tool_args.currency").allowedValues(List.of("EUR"))
                        .approvalValues(List.of("usd")).config(Map.of("case_sensitive",
                                JsonNodeFactory.instance.booleanNode(false))).build(),
                Gate.builder("sku", T).type(GateType.REGEX).extract("tool_args.sku")
                        .config(Map.of("pattern", TextNode.valueOf("[A-Z]{3}-\\d{4}"),
                                "full_match", JsonNodeFactory.instance.booleanNode(true))).build(),
                Gate.builder("broken_regex", T).type(GateType.REGEX).extract("tool_args.sku").check("(").build(),
                Gate.builder("no_pattern", T).type(GateType.REGEX).extract("tool_args.sku").build(),
                Gate.builder("missing", T).extract("tool_args.nothing").allowedValues(List.of("x")).build(),
                Gate.builder("always", T).type(GateType.APPROVAL_ALWAYS).extract("tool_args.amount").build());
    }

    private static List<GateContext> contexts() {
        List<GateContext> contexts = new ArrayList<>();
        Object[][] rows = {
            {"place_order", 120.5, 3, "EUR", "ABC-1234"},
            {"search", 700, 42, "usd", "abc-1234"},
            {"delete", -1, 0, "Eur", "ABC-12345"},
            {"place_order", 12_000, 1e20, "CHF", "XYZ-0000"},
            {"place_order", "250", "7.50", 5, 7},
        };
        for (Object[] row : rows) {
            ObjectNode args = JsonNodeFactory.instance.objectNode();
            args.set("amount", value(row[1]));
            args.set("quantity", value(row[2]));
            args.set("currency", value(row[3]));
            args.set("sku", value(row[4]));
            contexts.add(GateContext.forToolCall((String) row[0], args));
        }
        return contexts;
    }

    private static com.fasterxml.jackson.databind.JsonNode value(Object o) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (o instanceof Integer i) {
            return f.numberNode(i);
        }
        if (o instanceof Double d) {
            return f.numberNode(d);
        }
        return f.textNode(String.valueOf(o));
    }

    @Test
    void preparedRuns_equalEachProvidersOwnCheck_turnAfterTurn() {
        List<Gate> gates = gates();
        for (int round = 0; round < 3; round++) {
            for (GateContext ctx : contexts()) {
                GateEvaluation eval = runner.openTurn().checkGates(gates, T, ctx);
                List<GateResult> expected = new ArrayList<>();
                GateContext working = ctx;
                for (Gate gate : gates) {
                    GateResult r = predicate.check(gate, working);
                    for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e
                            : r.modifiedContext().entrySet()) {
                        working = working.apply(e.getKey(), e.getValue());
                    }
                    expected.add(r);
                }
                assertThat(eval.policy()).isEqualTo(expected);
                assertThat(eval.merged()).isEqualTo(working);
            }
        }
    }

    @Test
    void aGateReplacedInTheSameList_isCheckedAsTheNewGate() {
        List<Gate> gates = new ArrayList<>(List.of(Gate.builder("tool", T).allowedValues(List.of("read")).build()));
        GateContext ctx = GateContext.forToolCall("read", JsonNodeFactory.instance.objectNode());
        assertThat(runner.openTurn().checkGates(gates, T, ctx).policy().get(0).action())
                .isEqualTo(GateAction.CONTINUE);

        gates.set(0, Gate.builder("tool", T).allowedValues(List.of("search")).build());

        assertThat(runner.openTurn().checkGates(gates, T, ctx).policy().get(0).action())
                .isEqualTo(GateAction.BLOCK);
        gates.add(Gate.builder("extra", T).type(GateType.APPROVAL_ALWAYS).build());
        assertThat(runner.openTurn().checkGates(gates, T, ctx).policy()).hasSize(2);
    }

    @Test
    void fmt_equalsBigDecimalsPlainForm() {
        double[] values = {0, -0.0, 1, -1, 120.5, 0.001, 0.0001, 1e7, 1.5e7, 123456789.25, 1e15, 1e16, 1e20, -3.75,
            5000, 499.999, 1e-9, Double.MIN_VALUE, Double.MAX_VALUE};
        for (double v : values) {
            assertThat(PredicateProvider.fmt(v)).as("%s", v).isEqualTo(
                    java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
        }
    }
}
