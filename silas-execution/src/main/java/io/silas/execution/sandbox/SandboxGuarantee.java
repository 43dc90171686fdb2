package io.silas.execution.sandbox;

import io.silas.core.error.SilasException;
import java.util.Locale;

/**
 * One promise a subprocess sandbox makes about a run (docs/threat-model.md#promise-5). {@link Sandboxes#diagnose()}
 * reports each as held or missing on this host; a host may accept a missing one only by naming it in
 * {@code sandbox.accept_missing} (and only the {@link #acceptable()} ones), and every run under it is audited.
 *
 * <p><b>Security guarantees.</b> The namespace, filesystem, privilege, time, output and tree-kill guarantees
 * can never be accepted as missing: without them a sandbox is not a sandbox, so {@code create} fails closed.
 */
public enum SandboxGuarantee {
    /** Fresh user, pid, mount, IPC, UTS and cgroup namespaces proven by a self-test. */
    NAMESPACES(false, "fresh user/pid/mount/ipc/uts namespaces"),
    /** Read-only system dirs, private /proc, /dev and /tmp, and only the sandbox's own work dir writable. */
    FILESYSTEM(false, "read-only root, only the own work dir writable"),
    /** Its own network namespace; with network on, a user-mode stack that cannot reach host loopback. */
    NETWORK(false, "own network namespace (user-mode stack when on)"),
    /** Payload processes run as an unprivileged uid that owns nothing the host uses. */
    UID_SEPARATION(false, "unprivileged uid"),
    /** No capabilities and no_new_privs: set-uid binaries and file capabilities grant nothing. */
    NO_PRIVILEGES(false, "no capabilities, no_new_privs"),
    /** Wall-clock timeout, output cap, and the whole process tree killed at the end of a run. */
    RUN_BOUNDS(false, "wall clock, output cap, process-tree kill"),
    /** Memory per sandbox (cgroup) or per process (RLIMIT_AS). */
    MEMORY_LIMIT(true, "memory limit"),
    /** CPU seconds per process (RLIMIT_CPU). */
    CPU_LIMIT(true, "CPU time limit"),
    /** Number of processes (cgroup pids.max, or RLIMIT_NPROC counted in the run's own user namespace). */
    PID_LIMIT(true, "process limit"),
    /** Bytes and files in the work dir (a size-limited tmpfs). */
    DISK_LIMIT(true, "work dir size limit");

    private final boolean acceptable;
    private final String label;

    SandboxGuarantee(boolean acceptable, String label) {
        this.acceptable = acceptable;
        this.label = label;
    }

    /** {@return whether a host may accept running without it ({@code sandbox.accept_missing})} */
    public boolean acceptable() {
        return acceptable;
    }

    /** {@return a short human label, as the doctor prints it} */
    public String label() {
        return label;
    }

    /** {@return the name used in config and audit entries, e.g. {@code pid_limit}} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The guarantee a config names.
     *
     * @param name the name
     * @return the sandbox guarantee
     * @throws SilasException {@code INVALID_INPUT} for an unknown name or one that can never
     *                        be accepted as missing
     */
    public static SandboxGuarantee acceptedByName(String name) {
        for (SandboxGuarantee g : values()) {
            if (g.configName().equals(name)) {
                if (!g.acceptable) {
                    throw SilasException.invalid("sandbox.accept_missing", name + " can never be accepted as missing");
                }
                return g;
            }
        }
        throw SilasException.invalid("sandbox.accept_missing", "unknown guarantee " + name
                + " (acceptable: memory_limit, cpu_limit, pid_limit, disk_limit)");
    }
}
