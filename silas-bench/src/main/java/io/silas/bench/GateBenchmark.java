package io.silas.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.audit.AuditLog;
import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.gate.BlockRange;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateEvaluation;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateRunner;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.GateType;
import io.silas.core.gate.NumericRange;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.gates.Gates;
import io.silas.gates.ScriptGateOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gate runner costs.
 * <ul>
 *   <li>{@code predicateGates10}: one {@code checkGates} call evaluating 10 predicate gates (numeric ranges,
 *       string matches, regexes, one approval_always) on one tool-call context, single thread. Throughput in
 *       calls/s (multiply by 10 for gate evaluations/s); target ≥ 200,000 calls/s on one core.</li>
 *   <li>{@code predicateGates10HandWritten}: the anchor of {@code predicateGates10} (the runner
 *       should reach ≥ 50 % of it): the same ten checks written by hand over the same tool arguments (read each
 *       value, compare, the same two regexes with precompiled patterns), returning the combined decision.</li>
 *   <li>{@code scriptGate} vs {@code bareSandboxProcess}: average time of one script gate ({@code true} in a fresh
 *       bubblewrap sandbox, with context env and stdin) and of the same process run bare in a fresh sandbox; the
 *       difference is the script gate's per-call overhead.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@Fork(1)
@Threads(1)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class GateBenchmark {
    private GateRunner runner;
    private List<Gate> predicateGates;
    private GateContext toolCall;
    private ObjectNode args;
    private static final Set<String> TOOLS = Set.of("search", "place_order", "read");
    private static final Set<String> CURRENCIES = Set.of("EUR", "USD", "CHF");
    private static final Set<String> REGIONS = Set.of("eu", "us");
    private static final Set<String> SENDERS = Set.of("owner", "alice");
    private static final Pattern SKU = Pattern.compile("[A-Z]{3}-\\d{4}");
    private static final Pattern NO_WILDCARDS = Pattern.compile("^[^*?]*$");
    private SandboxManager sandboxes;
    private GateRunner scriptRunner;
    private Gate scriptGate;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        // Only decisions that need recording are audited; ten passing predicate gates write nothing.
        runner = Gates.runner().audit(AuditLog.inMemory(Clock.systemUTC())).provider(Gates.predicate())
                .maxEvaluationsPerTurn(64).build();
        GateTrigger t = GateTrigger.ON_TOOL_CALL;
        predicateGates = List.of(
                Gate.builder("tool_allowed", t).allowedValues(List.of("search", "place_order", "read")).build(),
                Gate.builder("amount", t).type(GateType.NUMERIC_RANGE).extract("tool_args.amount")
                        .block(BlockRange.of(0, 10_000)).autoApprove(new NumericRange(0, 500))
                        .requireApproval(new NumericRange(500, 5000)).build(),
                Gate.builder("quantity", t).type(GateType.NUMERIC_RANGE).extract("tool_args.quantity")
                        .autoApprove(new NumericRange(1, 100)).build(),
                Gate.builder("currency", t).extract("tool_args.currency").allowedValues(List.of("EUR", "USD", "CHF"))
                        .build(),
                Gate.builder("sku_format", t).type(GateType.REGEX).extract("tool_args.sku")
                        .config(Map.of("pattern", TextNode.valueOf("[A-Z]{3}-\\d{4}"))).build(),
                Gate.builder("no_wildcards", t).type(GateType.REGEX).extract("tool_args.query")
                        .check("^[^*?]*$").build(),
                Gate.builder("region", t).extract("tool_args.region").allowedValues(List.of("eu", "us")).build(),
                Gate.builder("priority", t).type(GateType.NUMERIC_RANGE).extract("tool_args.priority")
                        .autoApprove(new NumericRange(0, 5)).build(),
                Gate.builder("sender", t).extract("sender_id").allowedValues(List.of("owner", "alice")).build(),
                Gate.builder("payments", t).type(GateType.APPROVAL_ALWAYS).build());
        args = JsonNodeFactory.instance.objectNode().put("amount", 120.5).put("quantity", 3)
                .put("currency", "EUR").put("sku", "ABC-1234").put("query", "blue shoes").put("region", "eu")
                .put("priority", 2);
        toolCall = GateContext.builder().senderId("alice").toolName("place_order").toolArgs(args).build();

        Path base = Files.createTempDirectory("silas-bench-sbx-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
        sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withBaseDir(base.resolve("base")));
        scriptRunner = Gates.runner().audit(AuditLog.inMemory(Clock.systemUTC()))
                .provider(Gates.script(sandboxes, ScriptGateOptions.defaults())).build();
        scriptGate = Gate.builder("script", GateTrigger.EVERY_USER_MESSAGE).provider("script")
                .type(GateType.CUSTOM_CHECK).checkCommand("true").build();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1, time = 6)
    @Measurement(iterations = 3, time = 3)
    public GateEvaluation predicateGates10() {
        return runner.checkGates(predicateGates, GateTrigger.ON_TOOL_CALL, toolCall);
    }

    /** 0 = pass, 1 = approval required, 2 = block: the decision the ten gates reach together. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1, time = 6)
    @Measurement(iterations = 3, time = 3)
    public int predicateGates10HandWritten() {
        int decision = TOOLS.contains(toolCall.toolName()) ? 0 : 2;
        double amount = args.path("amount").asDouble(Double.NaN);
        decision = Math.max(decision, !(amount >= 0 && amount <= 10_000) ? 2 : amount <= 500 ? 0 : amount <= 5000 ? 1
                : 2);
        double quantity = args.path("quantity").asDouble(Double.NaN);
        decision = Math.max(decision, quantity >= 1 && quantity <= 100 ? 0 : 2);
        decision = Math.max(decision, CURRENCIES.contains(args.path("currency").asText()) ? 0 : 2);
        decision = Math.max(decision, SKU.matcher(args.path("sku").asText()).find() ? 0 : 2);
        decision = Math.max(decision, NO_WILDCARDS.matcher(args.path("query").asText()).find() ? 0 : 2);
        decision = Math.max(decision, REGIONS.contains(args.path("region").asText()) ? 0 : 2);
        double priority = args.path("priority").asDouble(Double.NaN);
        decision = Math.max(decision, priority >= 0 && priority <= 5 ? 0 : 2);
        decision = Math.max(decision, SENDERS.contains(toolCall.senderId()) ? 0 : 2);
        return Math.max(decision, 1); // payments: approval always
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public GateResult scriptGate() {
        return scriptRunner.checkGate(scriptGate, toolCall);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ProcessResult bareSandboxProcess() {
        try (Sandbox sandbox = sandboxes.create(SandboxConfig.defaults())) {
            return sandbox.run(List.of("true"), Duration.ofSeconds(30));
        }
    }
}
