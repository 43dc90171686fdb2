package io.silas.gates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.execution.ShellWords;
import io.silas.core.execution.TerminationReason;
import io.silas.core.gate.ExpectationOutcome;
import io.silas.core.gate.Expectations;
import io.silas.core.gate.FileChecker;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateResult;
import io.silas.core.json.Json;
import io.silas.core.path.ConfinedPaths;
import io.silas.core.vocabulary.GateAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code script} provider (docs/contracts.md#gates). See {@link Gates#script(SandboxManager, ScriptGateOptions)}
 * for the protocol. Thread-safe (every check runs in its own fresh sandbox).
 */
final class ScriptProvider implements GateCheckProvider {
    static final String NAME = Gate.PROVIDER_SCRIPT;
    static final String WARN_FLAG = "warn";
    /** Largest context value passed as an environment variable (Linux caps one string at 128 KiB). */
    static final int MAX_ENV_VALUE_BYTES = 100_000;
    private static final int MAX_VALUE_CHARS = 1000;

    private final SandboxManager sandboxes;
    private final ScriptGateOptions options;
    private final ConfinedPaths files;
    private final PredicateProvider predicate;

    ScriptProvider(SandboxManager sandboxes, ScriptGateOptions options) {
        if (sandboxes == null || options == null) {
            throw SilasException.invalid(sandboxes == null ? "sandboxes" : "options", "is required");
        }
        this.sandboxes = sandboxes;
        this.options = options;
        this.files = PredicateProvider.confine(options.permittedDirectories());
        this.predicate = new PredicateProvider(files);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GateResult check(Gate gate, GateContext context) {
        String command = gate.checkCommand() != null ? gate.checkCommand() : gate.check();
        if (command == null || command.isBlank()) {
            return GateResult.block(gate, "Script gate has no check_command");
        }
        List<String> argv;
        try {
            argv = ShellWords.split(command);
        } catch (SilasException e) {
            return GateResult.block(gate, "Invalid check_command: " + e.getMessage());
        }
        Map<String, String> env = new TreeMap<>(options.sandbox().env());
        for (Map.Entry<String, JsonNode> e : context.namedValues().entrySet()) {
            String value = e.getValue().isTextual() ? e.getValue().textValue() : Json.write(e.getValue());
            if (value.indexOf('\0') >= 0) {
                return GateResult.block(gate, "Context value " + e.getKey() + " contains a NUL character");
            }
            if (value.getBytes(StandardCharsets.UTF_8).length > MAX_ENV_VALUE_BYTES) {
                return GateResult.block(gate, "Context value " + e.getKey() + " is too large for a script gate");
            }
            env.put(ScriptGateOptions.ENV_PREFIX + e.getKey().toUpperCase(Locale.ROOT), value);
        }
        byte[] stdin = Json.write(context.toJson()).getBytes(StandardCharsets.UTF_8);
        SandboxConfig config = options.sandbox().withEnv(env).withTimeout(options.timeout());
        ProcessResult run;
        try (Sandbox sandbox = sandboxes.create(config)) {
            run = sandbox.run(argv, options.timeout(), stdin);
        }
        return interpret(gate, run);
    }

    private GateResult interpret(Gate gate, ProcessResult run) {
        if (run.termination() != TerminationReason.EXITED) {
            return GateResult.block(gate, "Script did not complete: " + run.termination().name().toLowerCase(Locale.ROOT));
        }
        ScriptOutput out = ScriptOutput.parse(run.stdout());
        if (out.problem() != null) {
            return GateResult.block(gate, out.problem());
        }
        int exit = run.exitCode();
        if (exit != 0 && exit != 2) {
            return GateResult.block(gate, exit == 1 ? "Script blocked (exit 1)" : "Script failed (exit " + exit + ")");
        }
        List<String> flags = exit == 2 ? List.of(WARN_FLAG) : List.of();
        if (gate.checkExpect() != null) {
            ExpectationOutcome outcome = Expectations.evaluate(gate.checkExpect(), run.stdout(), exit,
                    FileChecker.confinedTo(files));
            if (!outcome.passed()) {
                return GateResult.block(gate, "check_expect failed: " + outcome.reason()).withFlags(flags);
            }
        }
        GateResult result;
        if (gate.extract() != null) {
            String extracted = out.values().get(gate.extract());
            if (extracted == null) {
                return GateResult.block(gate, "Script did not report " + gate.extract()).withFlags(flags);
            }
            result = predicate.evaluate(gate, gate.extract(), TextNode.valueOf(extracted));
        } else {
            String text = run.stdout().strip();
            result = GateResult.pass(gate, exit == 2 ? "Script passed with a warning" : "Script passed")
                    .withValue(text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) : text);
        }
        List<String> allFlags = new ArrayList<>(result.flags());
        allFlags.addAll(flags);
        result = result.withFlags(allFlags);
        if (result.action() != GateAction.BLOCK && result.modifiedContext().isEmpty() && !out.mutation().isEmpty()) {
            result = result.withModifiedContext(out.mutation());
        }
        return result;
    }
}
