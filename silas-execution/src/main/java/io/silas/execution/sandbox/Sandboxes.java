package io.silas.execution.sandbox;

import io.silas.core.audit.AuditLog;
import io.silas.core.execution.SandboxManager;

/**
 * Entry point to the sandbox backends of this module.
 *
 * <p>{@link #subprocess(SubprocessSandboxOptions)} is the Linux default: every run goes through
 * {@code prlimit} → {@code setpriv} (unprivileged uid, when the JVM is root) → bubblewrap with fresh
 * user, pid, net, mount, ipc, uts and cgroup namespaces, inside per-sandbox memory and pids cgroups.
 *
 * <p>When the JVM is not root it runs rootless with the same guarantees (see {@link #diagnose()} for how each is
 * enforced on this host).
 *
 * <p><b>Security guarantees.</b> The returned manager proves isolation and every limit with probes before handing
 * out its first sandbox and fails closed ({@code SANDBOX_ISOLATION_UNAVAILABLE}, naming the missing guarantee,
 * what was probed and the remedy) if one is missing and not accepted in
 * {@link SubprocessSandboxOptions#acceptMissing()}.
 */
public final class Sandboxes {
    private Sandboxes() {
    }

    /**
     * {@return a subprocess sandbox manager with the given host options}
     *
     * @param options the options
     */
    public static SandboxManager subprocess(SubprocessSandboxOptions options) {
        return new SubprocessSandboxManager(options, (AuditLog) null);
    }

    /**
     * {@return a subprocess sandbox manager that audits every run made without a guarantee the host accepted as missing
     * ({@link SubprocessSandboxOptions#acceptMissing()}): event {@code sandbox_weakened_run} with the sandbox id
     * and the missing guarantees' names}
     *
     * @param options the options
     * @param audit the audit log
     */
    public static SandboxManager subprocess(SubprocessSandboxOptions options, AuditLog audit) {
        return new SubprocessSandboxManager(options, java.util.Objects.requireNonNull(audit, "audit"));
    }

    /**
     * Probes what the subprocess sandbox can promise on this host with these options: each
     * {@link SandboxGuarantee}, held or not, how it is enforced, what was probed and the remedy. Runs real
     * probes (a few sandboxed commands, well under a second); never throws for a missing guarantee (a base dir it
     * must not use is a configuration error: {@code SANDBOX_FAILURE}, as from {@code create}).
     *
     * @param options the options
     * @return the sandbox diagnosis
     */
    public static SandboxDiagnosis diagnose(SubprocessSandboxOptions options) {
        return new SubprocessSandboxManager(options, (AuditLog) null).diagnose();
    }

    /**
     * {@link #diagnose(SubprocessSandboxOptions)} with {@link SubprocessSandboxOptions#defaults()}.
     *
     * @return the sandbox diagnosis
     */
    public static SandboxDiagnosis diagnose() {
        return diagnose(SubprocessSandboxOptions.defaults());
    }

    /** {@return a subprocess sandbox manager with {@link SubprocessSandboxOptions#defaults()}} */
    public static SandboxManager subprocess() {
        return subprocess(SubprocessSandboxOptions.defaults());
    }
}
