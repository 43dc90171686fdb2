package io.silas.execution.sandbox;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns the outcomes of the manager's probes into {@link SandboxDiagnosis} entries: how each guarantee is
 * enforced on this host, what was tried, and the host-specific remedy when it is missing.
 */
final class HostProbe {
    private static final String USERNS_REMEDY = "allow unprivileged user namespaces (sysctl -w "
            + "user.max_user_namespaces=15000; Debian kernels before 5.10 also kernel.unprivileged_userns_clone=1; "
            + "Ubuntu 24.04+: an AppArmor profile allowing userns for bwrap and unshare; in a container: run it "
            + "with --security-opt seccomp=unconfined or a profile that allows clone/unshare of user namespaces)";
    private static final String CGROUP_REMEDY = "delegate a cgroup v2 subtree with the memory and pids controllers "
            + "to the JVM's user (systemd unit: Delegate=yes; container: its own cgroup namespace, e.g. docker run "
            + "--cgroupns=private) or use a kernel >= 5.14, which counts RLIMIT_NPROC per user namespace";

    private final SubprocessSandboxOptions options;
    private final Cgroups cgroups;
    private final int jvmUid;

    HostProbe(SubprocessSandboxOptions options, Cgroups cgroups, int jvmUid) {
        this.options = options;
        this.cgroups = cgroups;
        this.jvmUid = jvmUid;
    }

    private boolean rootless() {
        return jvmUid != 0;
    }

    /** The disk limit, from an attempt to make a 1 MiB tmpfs work dir (null: it worked). */
    SandboxDiagnosis.Check disk(Supplier<@Nullable String> attempt) {
        String problem = attempt.get();
        String probed = rootless()
                ? "mounted a 1 MiB tmpfs in a user+mount namespace owned by uid " + jvmUid + " (unshare)"
                : "mounted a 1 MiB tmpfs on the host (mount)";
        if (problem == null) {
            return new SandboxDiagnosis.Check(SandboxGuarantee.DISK_LIMIT, true, rootless()
                    ? "tmpfs (size=max_disk_mb, nr_inodes=max_disk_files) in the JVM's own user namespace"
                    : "host tmpfs (size=max_disk_mb, nr_inodes=max_disk_files)", probed + ": ok", "");
        }
        return new SandboxDiagnosis.Check(SandboxGuarantee.DISK_LIMIT, false, "", probed + ": " + problem,
                rootless() ? USERNS_REMEDY + "; install util-linux (unshare, nsenter)"
                        : "install util-linux (mount) and keep CAP_SYS_ADMIN for the root JVM (or run it as another "
                        + "uid, rootless)");
    }

    /** The process limit when isolation failed first (nothing could be probed). */
    SandboxDiagnosis.Check pidsUnprobed() {
        return new SandboxDiagnosis.Check(SandboxGuarantee.PID_LIMIT, cgroups.hasPids(),
                cgroups.hasPids() ? "cgroup pids.max" : "", "not probed: the namespaces self-test failed",
                cgroups.hasPids() ? "" : CGROUP_REMEDY);
    }

    /** The process limit: a pids cgroup, else an attempt to exceed RLIMIT_NPROC in a run (null: refused). */
    SandboxDiagnosis.Check pids(Supplier<@Nullable String> attempt) {
        if (cgroups.hasPids()) {
            return new SandboxDiagnosis.Check(SandboxGuarantee.PID_LIMIT, true, "cgroup pids.max per sandbox",
                    cgroups.describe(), "");
        }
        String kernel = System.getProperty("os.version", "?");
        String problem = attempt.get();
        String probed = cgroups.describe() + "; kernel " + kernel + "; 4 forks under RLIMIT_NPROC=3 inside a run's "
                + "user namespace: " + (problem == null ? "refused" : problem);
        if (problem == null) {
            return new SandboxDiagnosis.Check(SandboxGuarantee.PID_LIMIT, true,
                    "RLIMIT_NPROC = max_processes + 1, set inside each run's own user namespace", probed, "");
        }
        return new SandboxDiagnosis.Check(SandboxGuarantee.PID_LIMIT, false, "", probed, CGROUP_REMEDY);
    }

    /** The whole report, given the self-test's failure (null when it passed) and the probed limits. */
    SandboxDiagnosis report(@Nullable String isolationProblem, SandboxDiagnosis.Check disk,
                            SandboxDiagnosis.Check pids, Set<SandboxGuarantee> accepted) {
        boolean isolated = isolationProblem == null;
        String selfTest = "a sandboxed true through " + options.bwrapPath() + (isolated
                ? ": bubblewrap reported fresh pid and net namespaces" : ": " + isolationProblem);
        String remedy = isolated ? "" : isolationRemedy();
        List<SandboxDiagnosis.Check> checks = new ArrayList<>();
        checks.add(check(SandboxGuarantee.NAMESPACES, isolated, "bubblewrap: new user, pid, mount, ipc, uts and "
                + "cgroup namespaces", selfTest, remedy));
        checks.add(check(SandboxGuarantee.FILESYSTEM, isolated, "read-only system dirs, private /proc, /dev and "
                + "/tmp, only the work dir writable", selfTest, remedy));
        String stack = options.network().missing();
        checks.add(check(SandboxGuarantee.NETWORK, isolated, "own network namespace; runs with network: "
                + (stack == null ? "slirp4netns with host loopback disabled and fenced routes"
                        : "refused (" + stack + ")"), selfTest, remedy));
        checks.add(check(SandboxGuarantee.UID_SEPARATION, isolated, rootless()
                ? "uid " + IsolationCommand.ROOTLESS_UID + " in the run's own user namespace (host uid " + jvmUid
                        + ", unreachable: own pid, mount, ipc namespaces)"
                : "setpriv to a per-sandbox host uid from " + options.sandboxUidBase(), selfTest, remedy));
        checks.add(check(SandboxGuarantee.NO_PRIVILEGES, isolated, "bubblewrap --cap-drop ALL, no_new_privs",
                selfTest, remedy));
        checks.add(check(SandboxGuarantee.RUN_BOUNDS, isolated, "timeout and output cap in the JVM; the run's pid "
                + "namespace dies with its init", selfTest, remedy));
        boolean prlimit = Files.isExecutable(options.prlimitPath());
        String prlimitRemedy = "install util-linux (" + options.prlimitPath() + ")";
        checks.add(check(SandboxGuarantee.MEMORY_LIMIT, cgroups.hasMemory() || prlimit, cgroups.hasMemory()
                ? "memory cgroup per sandbox (OOM kill)" : "RLIMIT_AS = max_memory_mb per process",
                cgroups.describe() + "; prlimit " + (prlimit ? "present" : "missing"), prlimitRemedy));
        checks.add(check(SandboxGuarantee.CPU_LIMIT, prlimit, "RLIMIT_CPU = max_cpu_seconds per process",
                "prlimit " + (prlimit ? "present" : "missing"), prlimitRemedy));
        checks.add(pids);
        checks.add(disk);
        return new SandboxDiagnosis(rootless() ? "rootless" : "root", jvmUid, checks, accepted);
    }

    private String isolationRemedy() {
        if (!Files.isExecutable(options.bwrapPath())) {
            return "install bubblewrap (Debian/Ubuntu: apt-get install -y bubblewrap; Fedora/RHEL: dnf install "
                    + "bubblewrap)";
        }
        return USERNS_REMEDY;
    }

    private static SandboxDiagnosis.Check check(SandboxGuarantee g, boolean held, String how, String probed,
                                                String remedy) {
        return new SandboxDiagnosis.Check(g, held, held ? how : "", probed, held ? "" : remedy);
    }
}
