package io.silas.examples;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.audit.AuditLog;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateEvaluation;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateRunner;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.GateType;
import io.silas.core.gate.NumericRange;
import io.silas.gates.Gates;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;

/**
 * How a host extends Silas with its own gate providers:
 * <ol>
 *   <li>by code — {@link OrderLimitProvider} is registered with {@code Gates.runner().provider(...)};</li>
 *   <li>through {@link java.util.ServiceLoader} — {@link BusinessHoursGateProvider} is listed in
 *       {@code META-INF/services/io.silas.core.gate.GateCheckProvider} and picked up by
 *       {@code .discoverProviders()} (opt-in).</li>
 * </ol>
 * Gates then name the provider in their {@code provider} field. Run with
 * {@code mvn -q -pl silas-examples exec:java -Dexec.mainClass=io.silas.examples.CustomGateProviderExample}.
 */
public final class CustomGateProviderExample {
    private CustomGateProviderExample() {
    }

    /**
     * A provider registered by code: blocks orders above a per-customer limit and proposes a safe rewrite of
     * the tool arguments for mid-sized ones (the runner merges {@code tool_args} — and nothing else).
     */
    static final class OrderLimitProvider implements GateCheckProvider {
        @Override
        public String name() {
            return "order_limit";
        }

        @Override
        public GateResult check(Gate gate, GateContext context) {
            double quantity = context.value("tool_args.quantity").map(v -> v.asDouble(Double.NaN)).orElse(Double.NaN);
            if (Double.isNaN(quantity) || quantity <= 0) {
                return GateResult.block(gate, "Order quantity missing or invalid");
            }
            if (quantity > 1000) {
                return GateResult.block(gate, "Order exceeds the hard limit of 1000");
            }
            if (quantity > 100) {
                ObjectNode split = JsonNodeFactory.instance.objectNode().put("quantity", 100).put("backorder", true);
                return GateResult.pass(gate, "Capped at 100, rest backordered")
                        .withModifiedContext(java.util.Map.of("tool_args", split));
            }
            return GateResult.pass(gate, "Order within limits");
        }
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** Builds the runner, evaluates three tool calls and prints what the gates decided. */
    static void run(PrintStream out) {
        AuditLog audit = AuditLog.inMemory(Clock.systemUTC());
        GateRunner runner = Gates.runner()
                .audit(audit)
                .provider(Gates.predicate())
                .provider(new OrderLimitProvider())
                .discoverProviders()
                .build();

        List<Gate> gates = List.of(
                Gate.builder("known_tools", GateTrigger.ON_TOOL_CALL).type(GateType.STRING_MATCH)
                        .allowedValues(List.of("place_order")).build(),
                Gate.builder("order_limit", GateTrigger.ON_TOOL_CALL).provider("order_limit")
                        .type(GateType.CUSTOM_CHECK).build(),
                Gate.builder("opening_hours", GateTrigger.ON_TOOL_CALL).provider(BusinessHoursGateProvider.NAME)
                        .type(GateType.CUSTOM_CHECK).build(),
                Gate.builder("unit_price", GateTrigger.ON_TOOL_CALL).type(GateType.NUMERIC_RANGE)
                        .extract("tool_args.unit_price").autoApprove(new NumericRange(0, 50)).build());

        for (int quantity : new int[] {10, 250, 5000}) {
            ObjectNode call = JsonNodeFactory.instance.objectNode().put("quantity", quantity).put("unit_price", 12.5);
            GateRunner.Session turn = runner.openTurn();
            GateEvaluation e = turn.checkGates(gates, GateTrigger.ON_TOOL_CALL,
                    GateContext.forToolCall("place_order", call));
            out.println("quantity " + quantity + ":");
            e.policy().forEach(r -> out.println("  " + r.gateName() + " -> " + r.action() + " (" + r.reason() + ")"));
            String verdict = e.blocked() ? "BLOCKED by " + e.firstBlock().orElseThrow().gateName()
                    : e.requiresApproval() ? "NEEDS APPROVAL" : "ALLOWED";
            out.println("  => " + verdict + ", tool args " + e.merged().toolArgs());
        }
        out.println("audit entries: " + audit.size() + ", chain ok: " + audit.verifyChain().valid());
    }
}
