package io.silas.execution.work;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.SandboxManager;
import io.silas.core.path.ConfinedPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code python_exec}: runs a Python script with {@code python3} in a fresh sandbox.
 *
 * <p>Args: exactly one of {@code script} (inline source, written into the work dir) or {@code script_path}
 * (a path relative to the work dir, e.g. an input artifact); optional {@code args} (array of strings) and
 * {@code stdin} (string).
 *
 * <p><b>Security guarantees.</b> {@code script_path} is confined to the work dir: absolute paths, {@code ..}
 * and symlinks resolving outside are rejected with {@code INVALID_INPUT} before anything runs. Same output,
 * taint and credential rules as {@link ShellExecutor}. Thread-safe.
 */
public final class PythonExecutor extends SandboxCommandExecutor {
    /** The action name. */
    public static final String ACTION = "python_exec";
    static final String INLINE_SCRIPT = "__silas_inline__.py";

    /**
     * Creates the {@code python_exec} executor.
     *
     * @param sandboxes where every run gets its sandbox
     */
    public PythonExecutor(SandboxManager sandboxes) {
        super(ACTION, sandboxes);
    }

    @Override
    Command command(JsonNode args) {
        JsonNode script = args.get("script");
        JsonNode scriptPath = args.get("script_path");
        boolean inline = script != null && !script.isNull();
        boolean path = scriptPath != null && !scriptPath.isNull();
        if (inline == path) {
            throw SilasException.invalid("args", "exactly one of script or script_path is required");
        }
        if ((inline && !script.isTextual()) || (path && !scriptPath.isTextual())) {
            throw SilasException.invalid(inline ? "args.script" : "args.script_path", "must be a string");
        }
        if (path) {
            ConfinedPaths.newChild(Path.of("/work"), "args.script_path", scriptPath.asText());
        }
        List<String> extra = extraArgs(args.get("args"));
        byte[] stdin = ShellExecutor.stdin(args);
        return new Command(workDir -> {
            String file = inline ? writeInline(workDir, script.asText()) : checkPath(workDir, scriptPath.asText());
            List<String> argv = new ArrayList<>(List.of("python3", file));
            argv.addAll(extra);
            return argv;
        }, stdin);
    }

    private static String writeInline(Path workDir, String source) {
        Path file = workDir.resolve(INLINE_SCRIPT);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw SilasException.invalid("input_artifacts", INLINE_SCRIPT + " is reserved for the inline script");
        }
        try {
            Files.writeString(file, source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "cannot write the inline script", e);
        }
        return INLINE_SCRIPT;
    }

    /** The script must be a regular file inside the work dir ({@link ConfinedPaths}: no link leads out of it). */
    static String checkPath(Path workDir, String relative) {
        ConfinedPaths.newChild(workDir, "args.script_path", relative);
        ConfinedPaths.Resolution resolved = ConfinedPaths.of(workDir, List.of()).resolve(relative);
        if (ConfinedPaths.NOT_FOUND.equals(resolved.problem())) {
            throw SilasException.invalid("args.script_path", "no such file in the work dir: " + relative);
        }
        if (!resolved.ok() || !Files.isRegularFile(resolved.path(), LinkOption.NOFOLLOW_LINKS)) {
            throw SilasException.invalid("args.script_path", "must be a regular file inside the work dir");
        }
        return ConfinedPaths.of(workDir, List.of()).base().relativize(resolved.path()).toString();
    }

    private static List<String> extraArgs(JsonNode args) {
        List<String> out = new ArrayList<>();
        if (args == null || args.isNull()) {
            return out;
        }
        if (!args.isArray()) {
            throw SilasException.invalid("args.args", "must be an array of strings");
        }
        for (JsonNode a : args) {
            if (!a.isTextual()) {
                throw SilasException.invalid("args.args", "must be an array of strings");
            }
            out.add(a.asText());
        }
        return out;
    }
}
