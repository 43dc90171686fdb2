package io.silas.core.execution;

import io.silas.core.work.VerificationCheck;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a work item's verification checks outside the agent (docs/contracts.md#verification): success of work is decided
 * here, never by the model. The default implementation is {@code io.silas.execution.verify.Verification.runner(..)}.
 *
 * <p>Each check's {@code run} string is split into argv with POSIX word rules (never handed to a shell) and
 * runs in its own fresh verification sandbox — a separate {@link Sandbox} from any execution sandbox, closed
 * after the check — with a fresh, empty current directory and {@code HOME}, the judged artifacts as a read-only
 * copy at {@code /artifacts} (never the current directory or a search path), a fixed environment that closes
 * interpreter and tool hijack vectors ({@code PYTHONSAFEPATH}, no git or curl config from {@code HOME}), network
 * off unless the check sets {@code network: true} (then its own network namespace, never the host's), and the
 * check's timeout (default 60 s; on expiry the result is failed with reason
 * {@code "Timeout after Ns"}). Its standard output and exit code are judged by the check's
 * {@link io.silas.core.gate.Expectation} through {@link io.silas.core.gate.Expectations}; {@code file_exists}
 * is confined to the artifacts dir and configured project dirs after resolving symlinks.
 *
 * <p><b>Security guarantees.</b> Fail closed: a check passes only when its command ran to completion in a
 * sandbox whose isolation was proven and its expectation held. A sandbox that cannot be created (for example
 * {@code SANDBOX_ISOLATION_UNAVAILABLE}), an isolation failure, a timeout, a resource limit or an unparseable
 * command each yield a <em>failed</em> result with a clear reason, never a pass and never an unisolated run.
 * A report with no results never says passed. Implementations are thread-safe.
 */
public interface VerificationRunner {
    /**
     * Runs the checks in order and reports every outcome.
     *
     * @param checks    the checks to run; must not be empty (with nothing to verify there is no honest report:
     *                  the caller decides what a work item without checks means, docs/contracts.md#work-execution)
     * @param artifacts the work item's verification (artifacts) dir: shown read-only as each check's working
     *                  directory and the base of relative {@code file_exists} and {@code cwd} paths
     * @return the verification report
     * @throws io.silas.core.error.SilasException {@code INVALID_INPUT} when {@code checks} is null or empty or
     *         {@code artifacts} is not an existing directory; nothing is run then
     */
    VerificationReport run(List<VerificationCheck> checks, Path artifacts);
}
