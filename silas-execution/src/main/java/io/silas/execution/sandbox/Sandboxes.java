package io.silas.execution.sandbox;

import io.silas.core.execution.SandboxManager;

/**
 * Entry point to the sandbox backends of this module.
 *
 * <p>{@link #subprocess(SubprocessSandboxOptions)} is the Linux default: every run goes through
 * {@code prlimit} → {@code setpriv} (unprivileged uid, when the JVM is root) → bubblewrap with fresh
 * user, pid, net, mount, ipc, uts and cgroup namespaces, inside per-sandbox memory and pids cgroups.
 *
 * <p><b>Security guarantees.</b> The returned manager proves isolation with a self-test before handing out
 * its first sandbox and fails closed ({@code SANDBOX_ISOLATION_UNAVAILABLE}) if it cannot.
 */
public final class Sandboxes {
    private Sandboxes() {
    }

    /** A subprocess sandbox manager with the given host options. */
    public static SandboxManager subprocess(SubprocessSandboxOptions options) {
        return new SubprocessSandboxManager(options);
    }

    /** A subprocess sandbox manager with {@link SubprocessSandboxOptions#defaults()}. */
    public static SandboxManager subprocess() {
        return subprocess(SubprocessSandboxOptions.defaults());
    }
}
