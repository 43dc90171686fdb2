package io.silas.execution.verify;

import io.silas.core.error.SilasException;
import io.silas.core.execution.SandboxManager;
import io.silas.core.execution.ShellWords;
import io.silas.core.execution.VerificationRunner;

/**
 * Entry point to the default {@link VerificationRunner} (docs/contracts.md#verification): external checks that decide
 * whether work succeeded, run outside the agent in their own sandboxes.
 *
 * <p>For every check the runner
 * <ol>
 *   <li>splits {@code run} into argv with {@link ShellWords} (quotes and escapes only; never a shell, so
 *       {@code |}, {@code &&} or {@code $VAR} stay literal — write {@code sh -c '...'} explicitly if a check
 *       needs a shell, and it then runs inside the same sandbox);
 *   <li>creates a <em>fresh</em> sandbox from the given manager — never one used for execution — with the
 *       minimal environment ({@code PATH}, {@code HOME}), network off unless the check sets {@code network: true},
 *       the option limits, and the artifacts dir (or the check's {@code cwd}) bound <em>read-only</em> as its
 *       work dir, current directory and {@code HOME}; {@code /tmp} is a private writable tmpfs that disappears
 *       with the run; the sandbox is closed after the check;
 *   <li>judges standard output and exit code with {@link io.silas.core.gate.Expectations}: {@code exit_code,
 *       equals, contains, regex (find), output_lt, output_gt, file_exists, not_empty}.
 * </ol>
 *
 * <p>Failed results carry a reason: {@code "Timeout after Ns"}; {@code "Path outside permitted directories"}
 * / {@code "File not found"} for {@code file_exists}; {@code "Working directory: ..."} for a bad {@code cwd};
 * {@code "Sandbox isolation unavailable (check not run): ..."} when the manager refuses to create a sandbox;
 * {@code "Sandbox isolation failure: ..."}, {@code "Resource limit: ..."}, {@code "Invalid command: ..."}.
 * {@code output} is standard output truncated to 1,000 characters.
 *
 * <p>Paths: a relative {@code file_exists} or {@code cwd} is resolved against the artifacts dir; an absolute one
 * must lie inside the artifacts dir or a configured project dir. A check with {@code cwd} sees only that
 * directory (read-only, at the same inside path as the artifacts otherwise); {@code file_exists} paths are host
 * paths and stay relative to the artifacts dir regardless of {@code cwd}. Symlinks are resolved step by step and
 * containment is checked before anything is looked at, so the answer never depends on files outside.
 *
 * <p><b>Security guarantees.</b> A check passes only when its command ran to completion inside a sandbox whose
 * isolation the manager proved and the expectation held; every other path yields a failed result (fail
 * closed), and a report with no results is never "passed". A check cannot modify the artifacts (read-only
 * bind), cannot see the host environment, and cannot see what an earlier check wrote.
 */
public final class Verification {
    private Verification() {
    }

    /**
     * {@return a runner that creates each check's sandbox with {@code sandboxes}}
     *
     * @param sandboxes the sandboxes
     * @param options the options
     */
    public static VerificationRunner runner(SandboxManager sandboxes, VerificationOptions options) {
        if (sandboxes == null || options == null) {
            throw SilasException.invalid("verification_runner", "sandboxes and options are required");
        }
        return new SandboxVerificationRunner(sandboxes, options);
    }

    /**
     * {@return a runner with {@link VerificationOptions#defaults()}}
     *
     * @param sandboxes the sandboxes
     */
    public static VerificationRunner runner(SandboxManager sandboxes) {
        return runner(sandboxes, VerificationOptions.defaults());
    }
}
