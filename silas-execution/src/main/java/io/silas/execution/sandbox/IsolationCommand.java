package io.silas.execution.sandbox;

import io.silas.core.execution.SandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds the argv of one sandboxed run. Every value is its own argv element; nothing is interpolated into a
 * shell string. The layering, outermost first:
 * <ol>
 *   <li>a fixed {@code sh} shim (its script is a constant) that opens bubblewrap's status file as fd 3 and the
 *       run's environment file as fd 4, writes its own pid into the sandbox's cgroup.procs files and {@code exec}s
 *       the rest;
 *   <li>{@code prlimit}: CPU seconds, file size, open files, no core dumps, and in the fallback the address
 *       space and process count;
 *   <li>{@code setpriv} (when the JVM is root): an unprivileged per-sandbox uid, no groups, no new privileges;
 *   <li>{@code bwrap}: new user/pid/net/mount/ipc/uts/cgroup namespaces, no capabilities, cleared environment
 *       (a run's config variables arrive as {@code --args 4}: their values are never on a command line, where every
 *       local user could read them in {@code /proc/<pid>/cmdline}),
 *       a read-only root with read-only system dirs, private /proc, /dev and /tmp, the work dir (a size-limited
 *       tmpfs, see {@link WorkDisk}) at {@value #INSIDE_WORK_DIR} and, when the config names an artifacts dir,
 *       the sandbox's read-only copy of it at {@link SandboxConfig#ARTIFACTS_MOUNT}. The network namespace is
 *       always the sandbox's own; with network on, a user-mode stack is attached to it ({@link SandboxNetwork})
 *       and {@code /etc/resolv.conf} names the stack's DNS forwarder. bubblewrap also sets {@code PWD} to the
 *       work dir;
 *   <li>a fixed {@code sh} init as pid 1 of the sandbox, which runs the payload argv as its child.
 * </ol>
 */
final class IsolationCommand {
    /** Where the work dir appears inside the sandbox; also {@code HOME} and the current directory. */
    static final String INSIDE_WORK_DIR = "/work";
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";
    /** The payload's uid (and gid) inside its user namespace when the JVM is not root: never 0, no capabilities. */
    static final int ROOTLESS_UID = 1000;

    private static final String SHIM = "exec 3>\"$1\" 4<\"$2\" || exit 125; shift 2; "
            + "while [ \"$#\" -gt 0 ] && [ \"$1\" != -- ]; do echo \"$$\" > \"$1\" || exit 125; shift; done; "
            + "shift; exec \"$@\"";
    /**
     * The sandbox's pid 1 (bubblewrap runs with {@code --as-pid-1}): runs the payload as its child with the
     * original stdin, reaps orphans while waiting, and exits with the payload's status ({@code 128 + signal}
     * when killed). bubblewrap's own init is not used because its monitor exits without reaping it, which
     * leaves a zombie (charged to the pids cgroup) on hosts whose PID 1 does not reap orphans.
     */
    private static final String INIT = "exec 9<&0; \"$@\" <&9 9<&- & wait \"$!\"; exit \"$?\"";
    /** Where the init's execute-only binaries appear inside a persistent sandbox. */
    static final String INIT_DIR = "/.silas-init";
    private static final String INIT_SHIM = "exec 3>&1 || exit 125; "
            + "while [ \"$#\" -gt 0 ] && [ \"$1\" != -- ]; do echo \"$$\" > \"$1\" || exit 125; shift; done; "
            + "shift; exec \"$@\"";
    /**
     * pid 1 of a persistent sandbox: reports "ready" on stdout once bubblewrap's setup (including the nested
     * user namespace of {@code --disable-userns}) is complete, then keeps an execute-only {@code sleep} as its child and waits, which also
     * reaps every orphan a run leaves behind; stops (rather than spins) when {@code sleep} cannot be executed.
     */
    private static final String REAPER = "echo ready; exec 1>/dev/null 3>&-; while :; do \"$1\" 2147483647 & wait \"$!\"; s=$?; "
            + "if [ \"$s\" -eq 126 ] || [ \"$s\" -eq 127 ]; then exit \"$s\"; fi; done";
    private static final List<String> SYSTEM_DIRS = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final List<String> ETC_BASE = List.of("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
            "/etc/alternatives", "/etc/localtime");
    /** The file in a persistent sandbox's init dir shown as {@code /etc/resolv.conf} when the network is on. */
    static final String RESOLV_CONF = "resolv.conf";
    /** The sandbox's copy of its artifacts dir, next to its work dir on the host. */
    static final String ARTIFACTS_COPY = "artifacts";
    private static final List<String> ETC_NETWORK = List.of("/etc/hosts", "/etc/nsswitch.conf",
            "/etc/host.conf", "/etc/gai.conf", "/etc/ssl", "/etc/ca-certificates", "/etc/pki");
    private static final long MIB = 1024L * 1024L;

    private IsolationCommand() {
    }

    /**
     * The limits and identity of one sandbox.
     *
     * @param cgroup       the sandbox's cgroups, or null in the rlimit fallback
     * @param uid          the unprivileged uid to drop to, or -1 when the JVM is not root
     * @param addressLimit whether memory is limited by {@code RLIMIT_AS} (no memory cgroup)
     * @param nprocLimit   whether processes are limited by {@code RLIMIT_NPROC}, set inside the run's own user
     *                     namespace (no pids cgroup)
     * @param persistent   whether the sandbox keeps one set of namespaces ({@link #init}) that every run enters
     *                     through its {@link RunServer}, instead of new namespaces per run ({@link #build})
     */
    record Plan(@Nullable SandboxCgroup cgroup, int uid, boolean addressLimit, boolean nprocLimit,
                boolean persistent) {
    }

    /**
     * The argv of one run with fresh namespaces.
     *
     * @param holder the namespaces holding a rootless sandbox's work dir (entered before bubblewrap), or null
     * @param resolvConf the {@code resolv.conf} shown to a run with network, or null without network
     */
    static List<String> build(SubprocessSandboxOptions options, SandboxConfig config, Plan plan, Path workDir,
                              Path statusFile, Path envFile, List<String> argv, @Nullable WorkHolder holder,
                              @Nullable Path resolvConf) {
        List<String> cmd = new ArrayList<>();
        cmd.add(options.shPath().toString());
        cmd.add("-c");
        cmd.add(SHIM);
        cmd.add("silas-sandbox-shim");
        cmd.add(statusFile.toString());
        cmd.add(envFile.toString());
        if (plan.cgroup() != null) {
            plan.cgroup().procsFiles().forEach(p -> cmd.add(p.toString()));
        }
        cmd.add("--");
        prlimit(cmd, options, config, plan);
        setpriv(cmd, options, plan);
        if (holder != null) {
            cmd.addAll(holder.enter(options.network().nsenterPath(), config.networkAccess()));
        }
        bwrap(cmd, options, config, workDir, null, holder != null && config.networkAccess(), plan.uid() < 0, resolvConf);
        cmd.addAll(List.of("--args", "4", "--json-status-fd", "3", "--"));
        if (plan.nprocLimit()) {
            // Set inside the run's own user namespace, after bubblewrap made it: the kernel counts RLIMIT_NPROC
            // per uid per user namespace (>= 5.14), so this bounds exactly this run's processes and threads.
            cmd.addAll(List.of(options.prlimitPath().toString(), "--nproc=" + (config.maxProcesses() + 1), "--"));
        }
        cmd.addAll(List.of("/bin/sh", "-c", INIT, "silas-init"));
        cmd.addAll(argv);
        return cmd;
    }

    private static void prlimit(List<String> cmd, SubprocessSandboxOptions options, SandboxConfig config, Plan plan) {
        cmd.add(options.prlimitPath().toString());
        int cpu = config.maxCpuSeconds();
        cmd.add("--cpu=" + cpu + ":" + (cpu + 1));
        cmd.add("--fsize=" + options.maxFileSizeBytes());
        cmd.add("--nofile=" + options.maxOpenFiles());
        cmd.add("--core=0");
        if (plan.addressLimit()) {
            cmd.add("--as=" + config.maxMemoryMb() * MIB);
        }
        cmd.add("--");
    }

    /**
     * The long-lived sandbox of a persistent plan: the cgroup-entry shim (bubblewrap's status record and then
     * the init's "ready" line go to the shim's stdout), {@code setpriv} and {@code bwrap} as in {@link #build}, and as pid 1 an execute-only
     * copy of the shell that only reaps orphans while an execute-only {@code sleep} keeps it waiting. No run
     * limits apply to it, and it gets none of the config's variables: it runs no payload code, and each run gets
     * its environment from the {@link RunServer}.
     *
     * @param initDir host directory holding the execute-only {@code sh} and {@code sleep} copies
     * @param holder  the namespaces holding a rootless sandbox's work dir (bubblewrap starts inside them), or null
     */
    static List<String> init(SubprocessSandboxOptions options, SandboxConfig config, Plan plan, Path workDir,
                             Path initDir, @Nullable WorkHolder holder) {
        List<String> cmd = new ArrayList<>(List.of(options.shPath().toString(), "-c", INIT_SHIM, "silas-sandbox-init"));
        if (plan.cgroup() != null) {
            plan.cgroup().procsFiles().forEach(p -> cmd.add(p.toString()));
        }
        cmd.add("--");
        setpriv(cmd, options, plan);
        if (holder != null) {
            cmd.addAll(holder.enter(options.network().nsenterPath(), false));
        }
        bwrap(cmd, options, config, workDir, initDir, false, plan.uid() < 0,
                config.networkAccess() ? initDir.resolve(RESOLV_CONF) : null);
        cmd.addAll(List.of("--json-status-fd", "3", "--", INIT_DIR + "/sh", "-c", REAPER, "silas-init",
                INIT_DIR + "/sleep"));
        return cmd;
    }

    /**
     * The config's variables as bubblewrap {@code --args} data: {@code --setenv NAME VALUE} for each, sorted by
     * name, every field NUL-terminated (names and values cannot contain NUL; {@link SandboxConfig} refuses them).
     */
    static byte[] envArgs(SandboxConfig config) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        config.env().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> {
            for (String field : List.of("--setenv", e.getKey(), e.getValue())) {
                out.writeBytes(field.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.write(0);
            }
        });
        return out.toByteArray();
    }

    /**
     * The environment of a run in a persistent sandbox, exactly as bubblewrap and the shell gave it in a fresh
     * sandbox: {@code PATH}, {@code HOME} and {@code PWD}, then the config's variables.
     */
    static List<String> runEnvironment(SandboxConfig config) {
        List<String> env = new ArrayList<>(List.of("PATH=" + PATH, "HOME=" + INSIDE_WORK_DIR, "PWD=" + INSIDE_WORK_DIR));
        config.env().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> env.add(e.getKey() + "=" + e.getValue()));
        return env;
    }

    private static void setpriv(List<String> cmd, SubprocessSandboxOptions options, Plan plan) {
        if (plan.uid() >= 0) {
            cmd.add(options.setprivPath().toString());
            cmd.add("--reuid=" + plan.uid());
            cmd.add("--regid=" + plan.uid());
            cmd.add("--clear-groups");
            cmd.add("--no-new-privs");
            cmd.add("--");
        }
    }

    /**
     * @param holderNet whether the run keeps the network namespace it was entered into (a rootless
     *                  {@link WorkHolder}'s, which only its user-mode stack leads out of) instead of a new empty one
     * @param mapUid    whether the payload gets uid {@value #ROOTLESS_UID} in its user namespace (the JVM is not
     *                  root, so no host uid of its own)
     */
    private static void bwrap(List<String> cmd, SubprocessSandboxOptions options, SandboxConfig config, Path workDir,
                              @Nullable Path initDir, boolean holderNet, boolean mapUid, @Nullable Path resolvConf) {
        cmd.add(options.bwrapPath().toString());
        if (holderNet) {
            cmd.addAll(List.of("--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try"));
        } else {
            cmd.add("--unshare-all");
        }
        if (mapUid) {
            cmd.addAll(List.of("--uid", Integer.toString(ROOTLESS_UID), "--gid", Integer.toString(ROOTLESS_UID)));
        }
        cmd.addAll(List.of("--unshare-user", "--disable-userns", "--as-pid-1", "--die-with-parent", "--new-session",
                "--cap-drop", "ALL", "--hostname", "silas-sandbox", "--clearenv",
                "--setenv", "PATH", PATH, "--setenv", "HOME", INSIDE_WORK_DIR));
        for (String dir : SYSTEM_DIRS) {
            Path p = Path.of(dir);
            if (Files.isSymbolicLink(p)) {
                try {
                    cmd.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), dir));
                } catch (java.io.IOException e) {
                    cmd.addAll(List.of("--ro-bind-try", dir, dir));
                }
            } else if (Files.isDirectory(p)) {
                cmd.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        for (String file : ETC_BASE) {
            cmd.addAll(List.of("--ro-bind-try", file, file));
        }
        if (config.networkAccess() && resolvConf != null) {
            for (String file : ETC_NETWORK) {
                cmd.addAll(List.of("--ro-bind-try", file, file));
            }
            cmd.addAll(List.of("--ro-bind", resolvConf.toString(), "/etc/resolv.conf"));
        }
        cmd.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                "--size", Long.toString(config.maxMemoryMb() * MIB), "--tmpfs", "/tmp"));
        for (Path p : config.filesystemRead()) {
            cmd.addAll(List.of("--ro-bind", p.toString(), p.toString()));
        }
        for (Path p : config.filesystemWrite()) {
            cmd.addAll(List.of("--bind", p.toString(), p.toString()));
        }
        cmd.addAll(List.of("--bind", workDir.toString(), INSIDE_WORK_DIR));
        if (config.artifactsDir() != null) {
            cmd.addAll(List.of("--ro-bind", workDir.resolveSibling(ARTIFACTS_COPY).toString(),
                    SandboxConfig.ARTIFACTS_MOUNT));
        }
        if (initDir != null) {
            cmd.addAll(List.of("--ro-bind", initDir.toString(), INIT_DIR));
        }
        cmd.addAll(List.of("--chdir", INSIDE_WORK_DIR, "--remount-ro", "/"));
    }
}
