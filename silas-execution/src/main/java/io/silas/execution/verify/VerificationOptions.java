package io.silas.execution.verify;

import io.silas.core.config.SilasConfig;
import io.silas.core.error.SilasException;
import io.silas.core.execution.SandboxConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Settings of the default verification runner. Immutable; start from {@link #defaults()} or
 * {@link #of(SilasConfig)} and adjust with the {@code withX} methods.
 *
 * <p><b>Security guarantees.</b> {@code limits} can only tighten or loosen resource limits: it must not carry network
 * access, extra paths, environment variables or a work dir, because every check runs with the minimal environment,
 * network only when the check itself asks, and only its working directory visible (docs/contracts.md#verification).
 * Such a template is rejected with {@code INVALID_INPUT}.
 *
 * @param projectDirs directories besides the artifacts dir that {@code file_exists} and {@code cwd} may name
 *                    ({@code verification.project_dirs}); ones that do not exist are ignored at run time
 * @param limits      resource limits and backend for each check's sandbox ({@code max_memory_mb},
 *                    {@code max_cpu_seconds}, {@code max_processes}, {@code max_output_bytes}, {@code backend});
 *                    the timeout comes from each check
 * @param clock       source of the report timestamp
 */
public record VerificationOptions(List<Path> projectDirs, SandboxConfig limits, Clock clock) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param projectDirs directories besides the artifacts dir that {
     * @param limits      resource limits and backend for each check's sandbox ({
     * @param clock       source of the report timestamp /
public
     */
    public VerificationOptions {
        if (projectDirs == null || projectDirs.stream().anyMatch(p -> p == null || !p.isAbsolute())) {
            throw SilasException.invalid("project_dirs", "must be a list of absolute paths");
        }
        projectDirs = List.copyOf(projectDirs);
        if (limits == null) {
            throw SilasException.invalid("limits", "is required");
        }
        if (limits.networkAccess() || !limits.filesystemRead().isEmpty() || !limits.filesystemWrite().isEmpty()
                || !limits.env().isEmpty() || limits.artifactsDir() != null) {
            throw SilasException.invalid("limits", "may only set resource limits and the backend: network, paths, "
                    + "env and artifacts are decided per check");
        }
        if (clock == null) {
            throw SilasException.invalid("clock", "is required");
        }
    }

    /**
     * No project dirs, the default sandbox limits, the system UTC clock.
     *
     * @return the verification options
     */
    public static VerificationOptions defaults() {
        return new VerificationOptions(List.of(), SandboxConfig.defaults(), Clock.systemUTC());
    }

    /**
     * From the host configuration: {@code verification.project_dirs} (made absolute against the working
     * directory) and {@code sandbox.default_memory_mb}, {@code default_cpu_seconds}, {@code max_output_bytes}.
     *
     * @param config the configuration
     * @return the verification options
     */
    public static VerificationOptions of(SilasConfig config) {
        if (config == null) {
            throw SilasException.invalid("config", "is required");
        }
        SilasConfig.Sandbox sandbox = config.sandbox();
        SandboxConfig limits = SandboxConfig.defaults()
                .withMaxMemoryMb(sandbox.defaultMemoryMb())
                .withMaxCpuSeconds(sandbox.defaultCpuSeconds())
                .withMaxOutputBytes(sandbox.maxOutputBytes());
        List<Path> dirs = config.verification().projectDirs().stream()
                .map(p -> p.toAbsolutePath().normalize()).toList();
        return new VerificationOptions(dirs, limits, Clock.systemUTC());
    }

    /**
     * {@return a copy with project dirs replaced}
     *
     * @param value the new value
     */
    public VerificationOptions withProjectDirs(List<Path> value) {
        return new VerificationOptions(value, limits, clock);
    }

    /**
     * {@return a copy with limits replaced}
     *
     * @param value the new value
     */
    public VerificationOptions withLimits(SandboxConfig value) {
        return new VerificationOptions(projectDirs, value, clock);
    }

    /**
     * {@return a copy with clock replaced}
     *
     * @param value the new value
     */
    public VerificationOptions withClock(Clock value) {
        return new VerificationOptions(projectDirs, limits, value);
    }
}
