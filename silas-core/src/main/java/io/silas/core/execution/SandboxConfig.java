package io.silas.core.execution;

import io.silas.core.error.SilasException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What one sandbox may see and use (docs/contracts.md#sandboxes-and-executors). Backend-agnostic: every backend must
 * enforce each field or refuse to create the sandbox.
 *
 * <p>The sandbox's environment is exactly {@link #env()} plus {@code PATH} and {@code HOME}, which the backend
 * sets itself; both names are therefore rejected here. Nothing else from the host environment is passed.
 *
 * <p><b>Security guarantees.</b> {@code networkAccess=false} (the default) means the backend isolates the
 * network at the OS level or fails closed. {@code filesystemRead}/{@code filesystemWrite} are the only host
 * paths made visible besides read-only system directories, the sandbox's own fresh work dir and, when set, a
 * read-only copy of {@code artifactsDir} at {@value #ARTIFACTS_MOUNT} (never writable, never the current directory,
 * {@code HOME} or a search path). With {@code networkAccess=true} the run gets its own network namespace whose
 * only way out is a user-mode stack that cannot reach the host's loopback, link-local or private addresses. The
 * work dir holds at most {@code maxDiskMb} MiB and {@code maxDiskFiles} files. The limits
 * are hard limits: exceeding one stops the run with a distinct {@link TerminationReason}.
 *
 * @param backend         optional backend override ({@code "subprocess"}); null uses the host's default
 * @param networkAccess   whether outbound network is allowed (default false)
 * @param filesystemRead  absolute host paths exposed read-only, at the same path inside
 * @param filesystemWrite absolute host paths exposed read-write, at the same path inside
 * @param maxMemoryMb     memory limit of the whole process tree in MiB (default 512)
 * @param maxCpuSeconds   CPU-time limit per process in seconds (default 60)
 * @param maxProcesses    maximum number of processes/threads of the payload tree (default 64)
 * @param timeout         wall-clock limit of one run (default 300 s); the whole tree is killed when it passes
 * @param maxOutputBytes  cap on each of stdout and stderr (default 100,000); excess sets the truncated flag
 * @param env             environment variables for the payload (names {@code [A-Za-z_][A-Za-z0-9_]*})
 * @param artifactsDir    optional absolute host directory whose files the payload sees <em>read-only</em> at
 *                        {@value #ARTIFACTS_MOUNT}, next to (never as) its fresh, empty work dir; null (the
 *                        default) shows none. Used by verification to show a work item's artifacts as data a
 *                        check reads, never as its current directory, {@code HOME} or a search path
 * @param maxDiskMb       size limit of the work dir in MiB (default 256)
 * @param maxDiskFiles    limit on the number of files and directories in the work dir (default 10,000)
 */
public record SandboxConfig(
        @Nullable String backend,
        boolean networkAccess,
        List<Path> filesystemRead,
        List<Path> filesystemWrite,
        int maxMemoryMb,
        int maxCpuSeconds,
        int maxProcesses,
        Duration timeout,
        int maxOutputBytes,
        Map<String, String> env,
        @Nullable Path artifactsDir,
        int maxDiskMb,
        int maxDiskFiles) {

    /** Default memory limit. */
    public static final int DEFAULT_MAX_MEMORY_MB = 512;
    /** Default CPU limit. */
    public static final int DEFAULT_MAX_CPU_SECONDS = 60;
    /** Default process limit. */
    public static final int DEFAULT_MAX_PROCESSES = 64;
    /** Default wall-clock timeout ({@code timeout_seconds}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
    /** Default output cap ({@code max_output_bytes}). */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 100_000;
    /** Default work dir size limit. */
    public static final int DEFAULT_MAX_DISK_MB = 256;
    /** Default work dir file-count limit. */
    public static final int DEFAULT_MAX_DISK_FILES = 10_000;
    /** Where the payload sees {@link #artifactsDir()}. */
    public static final String ARTIFACTS_MOUNT = "/artifacts";

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final List<String> RESERVED_ENV = List.of("PATH", "HOME");

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param backend         optional backend override ({
     * @param networkAccess   whether outbound network is allowed (default false)
     * @param filesystemRead  absolute host paths exposed read-only, at the same path inside
     * @param filesystemWrite absolute host paths exposed read-write, at the same path inside
     * @param maxMemoryMb     memory limit of the whole process tree in MiB (default 512)
     * @param maxCpuSeconds   CPU-time limit per process in seconds (default 60)
     * @param maxProcesses    maximum number of processes/threads of the payload tree (default 64)
     * @param timeout         wall-clock limit of one run (default 300 s); the whole tree is killed when it passes
     * @param maxOutputBytes  cap on each of stdout and stderr (default 100,000); excess sets the truncated flag
     * @param env             environment variables for the payload (names {
     * @param artifactsDir    optional absolute host directory whose files the payload sees <em>read-only</em> at {
     * @param maxDiskMb       size limit of the work dir in MiB (default 256)
     * @param maxDiskFiles    limit on the number of files and directories in the work dir (default 10,000) /
public
     */
    public SandboxConfig {
        filesystemRead = absolutePaths("filesystem_read", filesystemRead);
        filesystemWrite = absolutePaths("filesystem_write", filesystemWrite);
        positive("max_memory_mb", maxMemoryMb);
        positive("max_cpu_seconds", maxCpuSeconds);
        positive("max_processes", maxProcesses);
        positive("max_output_bytes", maxOutputBytes);
        positive("max_disk_mb", maxDiskMb);
        positive("max_disk_files", maxDiskFiles);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw SilasException.invalid("timeout", "must be positive");
        }
        env = env == null ? Map.of() : Map.copyOf(env);
        env.forEach(SandboxConfig::checkEnv);
        if (artifactsDir != null && !artifactsDir.isAbsolute()) {
            throw SilasException.invalid("artifacts_dir", "must be an absolute path but got " + artifactsDir);
        }
    }

    /**
     * {@return the defaults: no network, no extra paths, 512 MiB, 60 CPU s, 64 processes, 300 s, 100,000 bytes; a
     * 256 MiB, 10,000-file work dir}
     */
    public static SandboxConfig defaults() {
        return new SandboxConfig(null, false, List.of(), List.of(), DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_CPU_SECONDS,
                DEFAULT_MAX_PROCESSES, DEFAULT_TIMEOUT, DEFAULT_MAX_OUTPUT_BYTES, Map.of(), null, DEFAULT_MAX_DISK_MB,
                DEFAULT_MAX_DISK_FILES);
    }

    /**
     * {@return a copy with network access replaced}
     *
     * @param value the new value
     */
    public SandboxConfig withNetworkAccess(boolean value) {
        return new SandboxConfig(backend, value, filesystemRead, filesystemWrite, maxMemoryMb, maxCpuSeconds,
                maxProcesses, timeout, maxOutputBytes, env, artifactsDir, maxDiskMb, maxDiskFiles);
    }

    /**
     * {@return a copy with filesystem read replaced}
     *
     * @param value the new value
     */
    public SandboxConfig withFilesystemRead(List<Path> value) {
        return new SandboxConfig(backend, networkAccess, value, filesystemWrite, maxMemoryMb, maxCpuSeconds,
                maxProcesses, timeout, maxOutputBytes, env, artifactsDir, maxDiskMb, maxDiskFiles);
    }

    /**
     * {@return a copy with filesystem write replaced}
     *
     * @param value the new value
     */
    public SandboxConfig withFilesystemWrite(List<Path> value) {
        return new SandboxConfig(backend, networkAccess, filesystemRead, value, maxMemoryMb, maxCpuSeconds,
                maxProcesses, timeout, maxOutputBytes, env, artifactsDir, maxDiskMb, maxDiskFiles);
    }

    /**
     * {@return a copy with max memory mb replaced}
     *
     * @param value the new value
     */
    public SandboxConfig withMaxMemoryMb(int value) {
        return new SandboxConfig(backend, networkAccess, filesystemRead, filesystemWrite, value, maxCpuSeconds,
                maxProcesses, timeout, maxOutputBytes, env, artifactsDir, maxDiskMb, maxDiskFiles);
    }

    /**
     * {@return a copy with max cpu seconds replaced}
     *
     * @param value the new value
     */
    public SandboxConfig withMaxCpuSeconds(int value) {
        return new SandboxConfig(backend, networkAccess, filesystemRead, filesystemWrite, maxMemoryMb, value,
                maxProcesses, timeout, maxOutputBytes, env, artifactsDir, maxDiskMb, maxDiskFiles);
    }

    /**
     * {@return a copy with max processes replaced}
     *
     * @param value the new value
     */
    public SandboxConfig withMaxProcesses(int value) {
        return new SandboxConfig(backend, networkAccess, filesystemRead, filesystemWrite, maxMemoryMb, maxCpuSeconds,
                value, timeout, maxOutputBytes, env, artifactsDir, maxDiskMb, maxDiskFiles);
    }

    /**
     * {@return a copy with timeout replaced}
     *
     * @param value the new value
     */
    public SandboxConfig withTimeout(Duration value) {
        return new SandboxConfig(backend, networkAccess, filesystemRead, filesystemWrite, maxMemoryMb, maxCpuSeconds,
                maxProcesses, value, maxOutputBytes, env, artifactsDir, maxDiskMb, maxDiskFiles);
    }

    /**
     * {@return a copy with max output bytes replaced}
     *
     * @param value the new value
     */
    public SandboxConfig withMaxOutputBytes(int value) {
        return new SandboxConfig(backend, networkAccess, filesystemRead, filesystemWrite, maxMemoryMb, maxCpuSeconds,
                maxProcesses, timeout, value, env, artifactsDir, maxDiskMb, maxDiskFiles);
    }

    /**
     * {@return a copy with env replaced}
     *
     * @param value the new value
     */
    public SandboxConfig withEnv(Map<String, String> value) {
        return new SandboxConfig(backend, networkAccess, filesystemRead, filesystemWrite, maxMemoryMb, maxCpuSeconds,
                maxProcesses, timeout, maxOutputBytes, value, artifactsDir, maxDiskMb, maxDiskFiles);
    }

    /**
     * {@return a copy whose payload sees a read-only copy of {@code value} at {@value #ARTIFACTS_MOUNT}; null shows none}
     *
     * @param value the new value
     */
    public SandboxConfig withArtifactsDir(@Nullable Path value) {
        return new SandboxConfig(backend, networkAccess, filesystemRead, filesystemWrite, maxMemoryMb, maxCpuSeconds,
                maxProcesses, timeout, maxOutputBytes, env, value, maxDiskMb, maxDiskFiles);
    }

    /**
     * {@return a copy whose work dir holds at most {@code megabytes} MiB and {@code files} files and directories}
     *
     * @param megabytes the megabytes
     * @param files the files
     */
    public SandboxConfig withMaxDisk(int megabytes, int files) {
        return new SandboxConfig(backend, networkAccess, filesystemRead, filesystemWrite, maxMemoryMb, maxCpuSeconds,
                maxProcesses, timeout, maxOutputBytes, env, artifactsDir, megabytes, files);
    }

    private static List<Path> absolutePaths(String field, @Nullable List<Path> paths) {
        if (paths == null) {
            return List.of();
        }
        for (Path p : paths) {
            if (p == null || !p.isAbsolute()) {
                throw SilasException.invalid(field, "paths must be absolute but got " + p);
            }
        }
        return List.copyOf(paths);
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw SilasException.invalid(field, "must be positive but was " + value);
        }
    }

    private static void checkEnv(String name, String value) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw SilasException.invalid("env", "invalid variable name '" + name + "'");
        }
        if (RESERVED_ENV.contains(name)) {
            throw SilasException.invalid("env", name + " is set by the sandbox and cannot be overridden");
        }
        if (value.indexOf('\0') >= 0) {
            throw SilasException.invalid("env", "value of " + name + " contains a NUL character");
        }
    }
}
