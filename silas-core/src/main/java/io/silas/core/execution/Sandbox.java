package io.silas.core.execution;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One isolated, throw-away execution environment with its own fresh work dir. Created by a
 * {@link SandboxManager}; {@link #close()} kills anything still running and deletes the work dir.
 *
 * <p>Runs take an argv list only: the SDK never builds a shell string ({@code sh -c}). The first element is
 * looked up on the sandbox {@code PATH} ({@code /usr/local/bin:/usr/bin:/bin}); the current directory of the
 * payload is the work dir.
 *
 * <p><b>Security guarantees.</b> Every run sees only the environment, files and network allowed by the
 * {@link SandboxConfig} it was created with; every limit in it is enforced per run. When the isolation layer
 * cannot prove that it wrapped the payload, the result is {@link TerminationReason#ISOLATION_FAILURE} and its
 * exit code and output must not be trusted. Runs of one sandbox may be called from several threads; they
 * share the work dir and the process/memory budget.
 */
public interface Sandbox extends AutoCloseable {
    /** {@return a unique id of this sandbox, for audit and correlation} */
    String id();

    /**
     * {@return the host path of the work dir (to place input files before a run and collect output after)} Inside the
     * sandbox it is visible at a backend-defined path that is also the payload's {@code HOME} and current dir;
     * it is size- and file-count-limited ({@link SandboxConfig#maxDiskMb()}, {@link SandboxConfig#maxDiskFiles()}).
     * A {@link SandboxConfig#artifactsDir()} is shown elsewhere ({@value SandboxConfig#ARTIFACTS_MOUNT}), read-only.
     */
    Path workDir();

    /**
     * Runs argv in the sandbox with no stdin.
     *
     * @param timeout wall-clock limit; the whole process tree is killed when it passes
     * @param argv the argv
     * @return the process result
     * @throws io.silas.core.error.SilasException {@code INVALID_INPUT} for an empty argv or a NUL byte in an
     *         argument; {@code SANDBOX_FAILURE} if the sandbox is closed
     */
    default ProcessResult run(List<String> argv, Duration timeout) {
        return run(argv, timeout, new byte[0]);
    }

    /**
     * Runs argv with the given bytes as its standard input (then end of file).
     *
     * @param argv the argv
     * @param timeout how long to wait
     * @param stdin the stdin
     * @return the process result
     */
    ProcessResult run(List<String> argv, Duration timeout, byte[] stdin);

    /** Kills whatever still runs in this sandbox and deletes its work dir. Idempotent; never throws. */
    @Override
    void close();
}
