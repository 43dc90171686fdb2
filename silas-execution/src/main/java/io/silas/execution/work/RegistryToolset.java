package io.silas.execution.work;

import io.silas.core.IdGenerator;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ExecutionEnvelope;
import io.silas.core.execution.ExecutionResult;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.tool.ToolArg;
import io.silas.core.tool.ToolArgType;
import io.silas.core.tool.ToolCallStatus;
import io.silas.core.tool.ToolDefinition;
import io.silas.core.tool.ToolExecution;
import io.silas.core.tool.ToolRequest;
import io.silas.core.tool.Toolset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The harness part of the skill stage: every action of the {@link ExecutorRegistry} as a tool, run in a fresh
 * sandbox through its executor. {@code shell_exec} and {@code python_exec} have built-in argument declarations;
 * other actions use a host-supplied definition or, without one, pass their arguments to the executor's own
 * validation.
 *
 * <p>An executor's {@code INVALID_INPUT} becomes an {@code invalid_args} refusal; any other failure of the run
 * becomes a failed execution result. {@code SANDBOX_ISOLATION_UNAVAILABLE} propagates: no run can be isolated.
 */
final class RegistryToolset implements Toolset {
    static final ToolDefinition SHELL = ToolDefinition.of(ShellExecutor.ACTION,
            "Runs one command in a fresh sandbox (never through a shell; write sh -c '...' for shell syntax). "
                    + "Files it leaves in its working directory become artifacts.",
            List.of(ToolArg.required("command", ToolArgType.STRING_OR_STRING_ARRAY, "argv list or command line"),
                    ToolArg.optional("stdin", ToolArgType.STRING, "standard input")));
    static final ToolDefinition PYTHON = ToolDefinition.of(PythonExecutor.ACTION,
            "Runs a Python script with python3 in a fresh sandbox. Files it leaves in its working directory "
                    + "become artifacts.",
            List.of(ToolArg.optional("script", ToolArgType.STRING, "inline source"),
                    ToolArg.optional("script_path", ToolArgType.STRING, "path of an input artifact to run"),
                    ToolArg.optional("args", ToolArgType.STRING_ARRAY, "script arguments"),
                    ToolArg.optional("stdin", ToolArgType.STRING, "standard input")));

    private final ExecutorRegistry registry;
    private final List<ToolDefinition> definitions;
    private final IdGenerator ids;
    private final String taskDescription;
    private final IntSupplier timeoutSeconds;
    private final @Nullable SandboxConfig sandboxConfig;

    RegistryToolset(ExecutorRegistry registry, List<ToolDefinition> extra, IdGenerator ids, String taskDescription,
                    IntSupplier timeoutSeconds, @Nullable SandboxConfig sandboxConfig) {
        this.registry = registry;
        this.ids = ids;
        this.taskDescription = taskDescription;
        this.timeoutSeconds = timeoutSeconds;
        this.sandboxConfig = sandboxConfig;
        List<ToolDefinition> defs = new ArrayList<>();
        for (String action : registry.actions()) {
            defs.add(extra.stream().filter(d -> d.name().equals(action)).findFirst()
                    .orElseGet(() -> builtIn(action)));
        }
        this.definitions = List.copyOf(defs);
    }

    private static ToolDefinition builtIn(String action) {
        return switch (action) {
            case ShellExecutor.ACTION -> SHELL;
            case PythonExecutor.ACTION -> PYTHON;
            default -> new ToolDefinition(action, "Runs the " + action + " executor.", List.of(), true);
        };
    }

    @Override
    public List<ToolDefinition> definitions() {
        return definitions;
    }

    @Override
    public ToolExecution execute(ToolRequest request) {
        String name = request.call().toolName();
        if (find(name).isEmpty()) {
            return new ToolExecution.Refused(ToolCallStatus.NOT_FOUND, "tool '" + name + "' is not available");
        }
        String executionId = ids.next();
        ExecutionEnvelope envelope = new ExecutionEnvelope(executionId, request.sequence(), taskDescription, name,
                request.call().args(), request.inputArtifacts(), Map.of(), timeoutSeconds.getAsInt(),
                SandboxConfig.DEFAULT_MAX_OUTPUT_BYTES, sandboxConfig);
        try {
            return new ToolExecution.Executed(registry.execute(envelope));
        } catch (SilasException e) {
            if (e.code() == ErrorCode.INVALID_INPUT) {
                return new ToolExecution.Refused(ToolCallStatus.INVALID_ARGS, e.getMessage());
            }
            if (e.code() == ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE) {
                throw e;
            }
            // A sandbox failure says why (a path, a helper's complaint): the audit and the reply need the cause.
            return new ToolExecution.Executed(failed(envelope, e.code() == ErrorCode.SANDBOX_FAILURE
                    ? e.code().userMessage() + " " + e.getMessage() : e.code().userMessage()));
        }
    }

    private static ExecutionResult failed(ExecutionEnvelope envelope, String error) {
        return new ExecutionResult(envelope.executionId(), envelope.stepIndex(), false, "", List.of(), Map.of(),
                Map.of(), io.silas.core.vocabulary.TaintLevel.EXTERNAL, error, 0, 0, 0);
    }
}
