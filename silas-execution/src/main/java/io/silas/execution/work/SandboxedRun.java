package io.silas.execution.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ExecutionEnvelope;
import io.silas.core.execution.ExecutionResult;
import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.json.Json;
import io.silas.core.path.ConfinedPaths;
import io.silas.core.vocabulary.TaintLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The shared body of the command executors: one fresh sandbox per envelope, input artifacts placed in its work
 * dir, credential references as {@code CREDENTIAL_REF_<NAME>} variables, and the process outcome split into
 * the model-facing and the application-only channels of {@link ExecutionResult}. Files the run leaves in its work
 * dir (new or changed) become the result's artifacts ({@link OutputFiles}).
 */
final class SandboxedRun {
    /** Prefix of the environment variables that carry credential reference ids (never values). */
    static final String CREDENTIAL_ENV_PREFIX = "CREDENTIAL_REF_";

    private SandboxedRun() {
    }

    /**
     * Runs the argv that {@code prepare} returns (given the host work dir, after artifacts are written) in a
     * fresh sandbox, and closes the sandbox.
     */
    static ExecutionResult execute(SandboxManager manager, ExecutionEnvelope envelope,
                                   Function<Path, List<String>> prepare, byte[] stdin) {
        SandboxConfig config = withCredentialRefs(envelope);
        try (Sandbox sandbox = manager.create(config)) {
            writeArtifacts(sandbox.workDir(), envelope.inputArtifacts());
            List<String> argv = prepare.apply(sandbox.workDir());
            ProcessResult result = sandbox.run(argv, config.timeout(), stdin);
            OutputFiles.Collected outputs = OutputFiles.collect(sandbox.workDir(), envelope.inputArtifacts(),
                    Set.of(PythonExecutor.INLINE_SCRIPT));
            return toResult(envelope, sandbox.id(), result, outputs);
        }
    }

    private static SandboxConfig withCredentialRefs(ExecutionEnvelope envelope) {
        SandboxConfig config = envelope.effectiveSandboxConfig();
        if (envelope.credentialRefs().isEmpty()) {
            return config;
        }
        Map<String, String> env = new HashMap<>(config.env());
        envelope.credentialRefs().forEach((name, ref) -> {
            String variable = CREDENTIAL_ENV_PREFIX + name.toUpperCase(Locale.ROOT);
            if (env.putIfAbsent(variable, ref) != null) {
                throw SilasException.invalid("credential_refs", variable + " is defined twice");
            }
        });
        return config.withEnv(env);
    }

    private static void writeArtifacts(Path workDir, Map<String, String> artifacts) {
        for (Map.Entry<String, String> e : artifacts.entrySet()) {
            Path target = ConfinedPaths.newChild(workDir, "input_artifacts", e.getKey());
            try {
                Files.createDirectories(target.getParent());
                Files.writeString(target, e.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException ex) {
                throw new SilasException(ErrorCode.SANDBOX_FAILURE, "cannot write input artifact " + e.getKey(), ex);
            }
        }
    }

    private static ExecutionResult toResult(ExecutionEnvelope envelope, String sandboxId, ProcessResult r,
                                            OutputFiles.Collected outputs) {
        List<JsonNode> content = new ArrayList<>();
        addBlock(content, "stdout", r.stdout());
        addBlock(content, "stderr", r.stderr());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("exit_code", r.exitCode());
        metadata.put("duration_ms", r.duration().toMillis());
        metadata.put("truncated", r.truncated());
        metadata.put("termination", r.termination().name().toLowerCase(Locale.ROOT));
        metadata.put("sandbox_id", sandboxId);
        metadata.put("artifacts_skipped", outputs.skipped());
        boolean success = r.succeeded();
        return new ExecutionResult(envelope.executionId(), envelope.stepIndex(), success, r.stdout(), content,
                metadata, outputs.files(), TaintLevel.EXTERNAL, success ? null : r.reason(),
                r.duration().toNanos() / 1e9, 0, 0.0);
    }

    private static void addBlock(List<JsonNode> content, String stream, String text) {
        if (!text.isEmpty()) {
            ObjectNode block = Json.mapper().createObjectNode();
            block.put("type", "text");
            block.put("stream", stream);
            block.put("text", text);
            content.add(block);
        }
    }
}
