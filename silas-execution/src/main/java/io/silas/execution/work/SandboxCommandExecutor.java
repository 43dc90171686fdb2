package io.silas.execution.work;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.execution.EphemeralExecutor;
import io.silas.core.execution.ExecutionEnvelope;
import io.silas.core.execution.ExecutionResult;
import io.silas.core.execution.SandboxManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * An executor that runs one program in a fresh sandbox ({@link SandboxedRun}): the subclass reads the envelope's
 * args into a {@link Command} — every check on them runs before a sandbox is created — and the run, output, taint
 * and artifact rules are {@link SandboxedRun}'s.
 */
abstract sealed class SandboxCommandExecutor implements EphemeralExecutor permits PythonExecutor, ShellExecutor {
    private final String action;
    private final SandboxManager sandboxes;

    SandboxCommandExecutor(String action, SandboxManager sandboxes) {
        this.action = action;
        this.sandboxes = Objects.requireNonNull(sandboxes, "sandboxes");
    }

    /**
     * What to run: {@code argv} gets the sandbox's work dir (to place or check files) and returns the command line;
     * {@code stdin} is fed to it.
     */
    record Command(Function<Path, List<String>> argv, byte[] stdin) {
    }

    /** The checked command for these args; bad args are {@code INVALID_INPUT} before anything runs. */
    abstract Command command(JsonNode args);

    @Override
    public final String action() {
        return action;
    }

    @Override
    public final ExecutionResult execute(ExecutionEnvelope envelope) {
        Command command = command(envelope.args());
        return SandboxedRun.execute(sandboxes, envelope, command.argv(), command.stdin());
    }
}
