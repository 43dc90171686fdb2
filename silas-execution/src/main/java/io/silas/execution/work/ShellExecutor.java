package io.silas.execution.work;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.SandboxManager;
import io.silas.core.execution.ShellWords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code shell_exec}: runs one command in a fresh sandbox.
 *
 * <p>Args: {@code command} — a JSON array of strings (the argv), or a string split by {@link ShellWords}
 * (quotes and escapes only; operators and expansions stay literal); optional {@code stdin} string.
 *
 * <p><b>Security guarantees.</b> The command is never given to a shell; the boundary is the sandbox (and the
 * approval before it), not a filter on the command. Credential references reach the process only as
 * {@code CREDENTIAL_REF_<NAME>=<ref_id>}. Output is model-facing with taint {@code EXTERNAL}; exit code,
 * timing, truncation and sandbox id go to application-only metadata. Files the command leaves in its work dir
 * (new or changed, UTF-8 text) are returned as the result's artifacts. Thread-safe.
 */
public final class ShellExecutor extends SandboxCommandExecutor {
    /** The action name. */
    public static final String ACTION = "shell_exec";

    /**
     * Creates the {@code shell_exec} executor.
     *
     * @param sandboxes where every run gets its sandbox
     */
    public ShellExecutor(SandboxManager sandboxes) {
        super(ACTION, sandboxes);
    }

    @Override
    Command command(JsonNode args) {
        List<String> argv = argv(args.get("command"));
        return new Command(workDir -> argv, stdin(args));
    }

    static byte[] stdin(JsonNode args) {
        JsonNode stdin = args.get("stdin");
        if (stdin == null || stdin.isNull()) {
            return new byte[0];
        }
        if (!stdin.isTextual()) {
            throw SilasException.invalid("args.stdin", "must be a string");
        }
        return stdin.asText().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> argv(JsonNode command) {
        List<String> argv;
        if (command == null || command.isNull()) {
            throw SilasException.invalid("args.command", "is required");
        } else if (command.isTextual()) {
            argv = ShellWords.split(command.asText());
        } else if (command.isArray()) {
            argv = new ArrayList<>();
            for (JsonNode word : command) {
                if (!word.isTextual()) {
                    throw SilasException.invalid("args.command", "array elements must be strings");
                }
                argv.add(word.asText());
            }
        } else {
            throw SilasException.invalid("args.command", "must be a string or an array of strings");
        }
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw SilasException.invalid("args.command", "must name a program");
        }
        return argv;
    }
}
