package io.silas.execution.sandbox;

import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.execution.TerminationReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The subprocess backend: decides how each limit is enforced on this host, proves isolation and each limit once
 * with probes ({@link #diagnose()}), then hands out sandboxes. As root it drops every sandbox to its own host uid
 * and uses host cgroups and mounts; as any other uid ("rootless") it uses only what that uid can do and prove:
 * its own user namespaces, a tmpfs in a user namespace it owns ({@link WorkHolder}), {@code RLIMIT_NPROC} set
 * inside each run's user namespace, {@code RLIMIT_AS}/{@code RLIMIT_CPU}, and a delegated cgroup v2 subtree when
 * the host has one. Thread-safe.
 */
final class SubprocessSandboxManager implements SandboxManager {
    private static final long MIB = 1024L * 1024L;
    private static final String INSTALL_HINT = "Install bubblewrap (Debian/Ubuntu: apt-get install -y bubblewrap; "
            + "Fedora/RHEL: dnf install bubblewrap) and util-linux (prlimit, setpriv), and allow user namespaces "
            + "(sysctl user.max_user_namespaces > 0; on Ubuntu 24.04+ also an AppArmor profile for bwrap).";

    private final SubprocessSandboxOptions options;
    private final Cgroups cgroups;
    private final int jvmUid;
    private final @Nullable AuditLog audit;
    /** The probed guarantees, once proven (every one held or accepted). */
    private volatile @Nullable SandboxDiagnosis diagnosis;
    /** Whether work dirs are size-limited tmpfs mounts (decided by the disk probe). */
    private volatile boolean diskLimit = true;
    private final BwrapStatus.HostNamespaces host = BwrapStatus.HostNamespaces.current();
    private final BitSet uidsInUse = new BitSet();
    /**
     * Where this manager's uids start within the configured range, chosen at random so that managers in other
     * JVMs on the host (which count against the same per-uid {@code RLIMIT_NPROC}) almost never share a uid.
     */
    private final long uidStart;
    private final RunServer.Starter serverStarter;
    private final Object selfTestLock = new Object();
    private volatile boolean proven;
    /** Whether this manager removed the base dir's leftovers of killed JVMs ({@link WorkDisk#sweep}). */
    private volatile boolean swept;
    private final SandboxPool pool;

    SubprocessSandboxManager(SubprocessSandboxOptions options, @Nullable AuditLog audit) {
        this(options, RunServer::start, audit);
    }

    /** With another way to start run servers (a test seam; production uses {@link RunServer#start}). */
    SubprocessSandboxManager(SubprocessSandboxOptions options, RunServer.Starter serverStarter) {
        this(options, serverStarter, null);
    }

    private SubprocessSandboxManager(SubprocessSandboxOptions options, RunServer.Starter serverStarter,
                                     @Nullable AuditLog audit) {
        this.options = options;
        this.audit = audit;
        this.serverStarter = serverStarter;
        this.uidStart = new java.security.SecureRandom().nextInt(options.sandboxUidCount());
        this.cgroups = options.useCgroups() ? Cgroups.detect() : Cgroups.none();
        this.jvmUid = Hosts.uid();
        this.pool = new SandboxPool(options.poolSize(), shape -> open(shape, true, true));
    }

    @Override
    public Sandbox create(SandboxConfig config) {
        if (config == null) {
            throw SilasException.invalid("config", "is required");
        }
        if (config.backend() != null && !config.backend().equals("subprocess")) {
            throw SilasException.invalid("backend", "this manager provides the subprocess backend, not " + config.backend());
        }
        for (Path p : concat(config.filesystemRead(), config.filesystemWrite())) {
            if (!Files.exists(p)) {
                throw SilasException.invalid("filesystem_read/filesystem_write", "path does not exist: " + p);
            }
        }
        if (config.artifactsDir() != null && !Files.isDirectory(config.artifactsDir(), LinkOption.NOFOLLOW_LINKS)) {
            throw SilasException.invalid("artifacts_dir", "is not an existing directory: " + config.artifactsDir());
        }
        ensureProven();
        if (config.networkAccess()) {
            String missing = options.network().missing();
            if (missing != null) {
                throw unavailable("a run with network gets its own network namespace behind a user-mode stack, and "
                        + missing);
            }
            if (!persistentNamespaces(true) && !(rootless() && diskLimit)) {
                throw unavailable("the network guarantee for a run with network needs the run server's persistent "
                        + "namespaces (a root JVM with writable memory and pids cgroups, perl) or, rootless, a "
                        + "user namespace holding the sandbox's network; probed: root " + (jvmUid == 0)
                        + ", cgroups " + cgroups.describe() + "; remedy: run the JVM as root with cgroups, or "
                        + "allow unprivileged user namespaces");
            }
        }
        if (pool.pools(config)) {
            SubprocessSandbox member = pool.take(config);
            if (member != null) {
                return adopt(member, config);
            }
        }
        return open(config, true, false);
    }

    /** A pooled sandbox made this config's: its per-run settings, and its empty artifacts dir filled. */
    private static SubprocessSandbox adopt(SubprocessSandbox member, SandboxConfig config) {
        try {
            member.adopt(config);
            return member;
        } catch (IOException | RuntimeException e) {
            member.close();
            if (e instanceof SilasException se) {
                throw se;
            }
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "cannot copy the artifacts into sandbox "
                    + member.id(), e);
        }
    }

    /**
     * Probes every guarantee on this host (a sandboxed {@code true}, the work dir's tmpfs, a fork count under
     * the process limit) and reports each. Never throws for a missing guarantee: that is in the report.
     */
    SandboxDiagnosis diagnose() {
        SandboxDiagnosis known = diagnosis;
        if (known != null) {
            return known;
        }
        synchronized (selfTestLock) {
            return probe();
        }
    }

    private boolean rootless() {
        return jvmUid != 0;
    }

    private void ensureProven() {
        if (proven) {
            return;
        }
        synchronized (selfTestLock) {
            if (!proven) {
                SandboxDiagnosis probed = probe();
                if (!probed.ready()) {
                    throw new SilasException(ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE, "Sandbox isolation is "
                            + "unavailable: " + SandboxDiagnosis.explain(probed.blocking().get(0))
                            + " (run the demo with --doctor for every guarantee)");
                }
                diagnosis = probed;
                proven = true;
            }
        }
    }

    /** Runs every probe; the caller holds {@link #selfTestLock}. */
    private SandboxDiagnosis probe() {
        HostProbe probe = new HostProbe(options, cgroups, jvmUid);
        diskLimit = true;
        SandboxDiagnosis.Check disk = probe.disk(this::probeDisk);
        diskLimit = disk.held();
        String isolation = null;
        try {
            selfTest();
        } catch (SilasException e) {
            requireIsolationProblem(e);
            isolation = detail(e);
        }
        SandboxDiagnosis.Check pids = isolation != null ? probe.pidsUnprobed()
                : probe.pids(this::nprocContainsForks);
        return probe.report(isolation, disk, pids, options.acceptMissing());
    }

    /** Whether a size-limited tmpfs work dir can be made (root: a host mount; rootless: a {@link WorkHolder}). */
    private @Nullable String probeDisk() {
        Path dir = options.baseDir().resolve("probe-" + IdGenerator.randomHex128().substring(0, 12));
        try {
            WorkDirs.ensureBase(options.baseDir(), jvmUid, jvmUid == 0);
            WorkDirs.mkdir(dir, "rwx------");
            if (rootless()) {
                WorkHolder.start(options.unsharePath(), options.shPath(), dir, 1, 16, false).close();
            } else {
                WorkDisk.mount(options, dir, 1, 16, jvmUid);
                WorkDisk.unmount(options, dir);
            }
            return null;
        } catch (SilasException e) {
            requireIsolationProblem(e);
            return detail(e);
        } catch (IOException e) {
            return "cannot prepare " + dir + " (" + e.getMessage() + ")";
        } finally {
            WorkDirs.deleteRecursively(dir);
        }
    }

    /**
     * Whether the process limit held in a real sandbox: under a limit of two processes, the payload shell tries
     * to start four {@code sleep}s; the shell is refused a fork and stops before saying "unlimited".
     */
    private @Nullable String nprocContainsForks() {
        SandboxConfig config = SandboxConfig.defaults().withMaxProcesses(2).withTimeout(Duration.ofSeconds(30));
        try (Sandbox sandbox = open(config, true, false)) {
            ProcessResult r = sandbox.run(List.of("sh", "-c", "sleep 5 & sleep 5 & sleep 5 & sleep 5 & echo unlimited"),
                    Duration.ofSeconds(30));
            if (r.stdout().contains("unlimited")) {
                return "four forks under a limit of two all succeeded";
            }
            if (r.termination() != TerminationReason.PIDS_LIMIT) {
                return "the probe ended otherwise (" + r.reason() + "; " + firstLine(r.stderr()) + ")";
            }
            return null;
        } catch (SilasException e) {
            requireIsolationProblem(e);
            return detail(e);
        }
    }

    /**
     * A probe failure that is not a missing guarantee (a base dir someone else owns, bad input) is the host's
     * configuration error, not something to report or accept: it propagates as it is.
     */
    private static void requireIsolationProblem(SilasException e) {
        if (e.code() != ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE) {
            throw e;
        }
    }

    /** A probe failure's own words, without the "unavailable" prefix and install hint the error adds. */
    private static String detail(SilasException e) {
        String message = e.getMessage() == null ? e.code().id() : e.getMessage();
        return message.replace("Sandbox isolation is unavailable: ", "").replace(INSTALL_HINT, "").strip();
    }

    /** Runs {@code true} through the full chain and requires bubblewrap's proof of fresh pid and net namespaces. */
    private void selfTest() {
        if (jvmUid < 0) {
            throw unavailable("cannot determine the JVM's uid from /proc/self/status (this backend needs Linux)");
        }
        for (Path tool : List.of(options.bwrapPath(), options.prlimitPath(), options.shPath())) {
            if (!Files.isExecutable(tool)) {
                throw unavailable("required helper " + tool + " is missing or not executable");
            }
        }
        if (jvmUid == 0 && !Files.isExecutable(options.setprivPath())) {
            throw unavailable("required helper " + options.setprivPath() + " is missing or not executable");
        }
        if (host.net() < 0 || host.pid() < 0) {
            throw unavailable("cannot read this process's namespaces from /proc/self/ns");
        }
        ProcessResult probe;
        try (Sandbox sandbox = open(SandboxConfig.defaults().withTimeout(Duration.ofSeconds(30)), false, false)) {
            probe = sandbox.run(List.of("true"), Duration.ofSeconds(30));
        } catch (SilasException e) {
            throw e;
        }
        if (probe.termination() != TerminationReason.EXITED || probe.exitCode() != 0) {
            throw unavailable("the self-test could not prove isolation (" + probe.reason() + "; helper said: "
                    + firstLine(probe.stderr()) + ")");
        }
    }

    /**
     * @param processLimit whether the plan must limit processes (false only for the isolation self-test, which
     *                     runs before the process limit is proven)
     * @param member       whether this is a pool member: an artifacts dir is made empty, filled when it is taken
     */
    private SubprocessSandbox open(SandboxConfig config, boolean processLimit, boolean member) {
        IsolationCommand.Plan plan;
        String id = "sbx-" + IdGenerator.randomHex128().substring(0, 20);
        int slot = jvmUid == 0 ? allocateUid() : -1;
        Runnable release = () -> releaseUid(slot);
        Path root = options.baseDir().resolve(id);
        plan = null;
        Path mounted = null;
        WorkHolder holder = null;
        NetworkStack stack = null;
        try {
            plan = plan(id, config, slot, processLimit);
            WorkDirs.ensureBase(options.baseDir(), jvmUid, plan.uid() >= 0);
            if (!swept) {
                swept = true;
                WorkDisk.sweep(options, options.baseDir());
            }
            WorkDirs.mkdir(root, "rwx--x--x");
            Path work = WorkDirs.mkdir(root.resolve("work"), "rwx------");
            Path control = WorkDirs.mkdir(root.resolve("ctl"), "rwx------");
            Files.writeString(control.resolve(WorkDisk.OWNER_FILE), WorkDisk.ownerStamp(), StandardCharsets.US_ASCII);
            if (diskLimit && rootless()) {
                holder = WorkHolder.start(options.unsharePath(), options.shPath(), work, config.maxDiskMb(),
                        config.maxDiskFiles(), config.networkAccess());
            } else if (diskLimit) {
                WorkDisk.mount(options, work, config.maxDiskMb(), config.maxDiskFiles(), plan.uid() >= 0 ? plan.uid() : jvmUid);
                mounted = work;
            } else if (plan.uid() >= 0) {
                Files.setAttribute(work, "unix:uid", plan.uid());
                Files.setAttribute(work, "unix:gid", plan.uid());
            }
            if (config.artifactsDir() != null && member) {
                ArtifactCopy.empty(root.resolve(IsolationCommand.ARTIFACTS_COPY), plan.uid());
            } else if (config.artifactsDir() != null) {
                ArtifactCopy.copy(config.artifactsDir(), root.resolve(IsolationCommand.ARTIFACTS_COPY), plan.uid(),
                        config.maxDiskMb(), config.maxDiskFiles());
            }
            Supplier<SandboxNamespaces> starter = null;
            if (plan.persistent()) {
                Path initDir = initBinaries(root, config.networkAccess());
                IsolationCommand.Plan fixed = plan;
                WorkHolder workHolder = holder;
                SandboxNetwork network = config.networkAccess() ? options.network() : null;
                starter = () -> SandboxNamespaces.start(IsolationCommand.init(options, config, fixed, work, initDir,
                        workHolder), options.perlPath(), control, network, serverStarter);
            }
            Path resolv = null;
            if (holder != null && config.networkAccess()) {
                resolv = resolvConf(root);
                stack = NetworkStack.attach(options.network(), holder.pid(), holder.netHandle(), control,
                        holder.userHandle());
            }
            List<String> weakened = weakened(config);
            Runnable auditRun = weakened.isEmpty() || audit == null ? () -> { }
                    : () -> audit.append("sandbox_weakened_run", java.util.Map.of("sandbox_id", id,
                            "missing", weakened, "accepted_by", "sandbox.accept_missing"));
            return new SubprocessSandbox(id, root, work, control, config, options, plan, host, release, starter,
                    new SubprocessSandbox.Storage(holder, stack, resolv, mounted != null), auditRun);
        } catch (IOException | RuntimeException e) {
            if (stack != null) {
                stack.close();
            }
            if (holder != null) {
                holder.close();
            }
            if (plan != null && plan.cgroup() != null) {
                plan.cgroup().remove();
            }
            if (mounted != null) {
                WorkDisk.unmount(options, mounted);
            }
            WorkDirs.deleteRecursively(root);
            release.run();
            if (e instanceof SilasException se) {
                throw se;
            }
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "cannot prepare sandbox " + id, e);
        }
    }

    /**
     * Execute-only (0111, root-owned) copies of the shell and {@code sleep} for a persistent sandbox's init:
     * executing a file its uid cannot read makes the init non-dumpable, so runs cannot ptrace it. With network,
     * also the {@code resolv.conf} that names the user-mode stack's DNS forwarder.
     */
    private Path initBinaries(Path root, boolean network) throws IOException {
        Path dir = network ? resolvConf(root).getParent() : WorkDirs.mkdir(root.resolve("init"), "rwx--x--x");
        for (Path source : List.of(options.shPath(), options.sleepPath())) {
            Path copy = dir.resolve(source.equals(options.shPath()) ? "sh" : "sleep");
            Files.copy(source, copy);
            Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("--x--x--x"));
        }
        return dir;
    }

    /** The {@code resolv.conf} naming the user-mode stack's DNS forwarder, in the sandbox's init dir. */
    private static Path resolvConf(Path root) throws IOException {
        Path dir = WorkDirs.mkdir(root.resolve("init"), "rwx--x--x");
        Path resolv = dir.resolve(IsolationCommand.RESOLV_CONF);
        Files.writeString(resolv, "nameserver " + SandboxNetwork.DNS_SERVER + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(resolv, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        return resolv;
    }

    /** The accepted missing guarantees a sandbox with this config runs without (audited on each run). */
    private List<String> weakened(SandboxConfig config) {
        SandboxDiagnosis d = diagnosis;
        if (d == null) {
            return List.of();
        }
        return d.missing().stream().map(SandboxGuarantee::configName).toList();
    }

    /**
     * Whether sandboxes keep one set of namespaces that runs enter through a {@link RunServer}: needs perl and
     * sleep next to setpriv and an architecture the server knows, and either root with memory and pids cgroups
     * (each run gets its own pids cgroup for the tree kill) or, rootless, a sandbox without network whose work
     * dir is a {@link WorkHolder}'s tmpfs and no cgroups (each run gets its own pid namespace for the tree kill,
     * {@code RLIMIT_NPROC}/{@code RLIMIT_AS} for its limits). Otherwise every run gets fresh namespaces.
     */
    private boolean persistentNamespaces(boolean network) {
        boolean helpers = RunServer.architecture() != null && Files.isExecutable(options.perlPath())
                && Files.isExecutable(options.setprivPath()) && Files.isExecutable(options.sleepPath());
        if (jvmUid == 0) {
            return helpers && cgroups.hasMemory() && cgroups.hasPids();
        }
        return helpers && jvmUid > 0 && !network && diskLimit && !cgroups.hasMemory() && !cgroups.hasPids()
                && Files.isExecutable(options.network().nsenterPath());
    }

    /** Chooses how memory and process limits are enforced; fails closed where neither way works. */
    private IsolationCommand.Plan plan(String id, SandboxConfig config, int slot, boolean processLimit) {
        int uid = slot < 0 ? -1 : options.sandboxUidBase() + (int) ((uidStart + slot) % options.sandboxUidCount());
        boolean persistent = persistentNamespaces(config.networkAccess());
        int maxPids = config.maxProcesses() + (persistent
                ? SubprocessSandbox.PERSISTENT_HELPER_PROCESSES : SubprocessSandbox.HELPER_PROCESSES);
        Optional<SandboxCgroup> cgroup = cgroups.hasMemory() || cgroups.hasPids()
                ? cgroups.create("silas-" + id, config.maxMemoryMb() * MIB, maxPids)
                : Optional.empty();
        boolean memoryByCgroup = cgroup.map(SandboxCgroup::limitsMemory).orElse(false);
        boolean pidsByCgroup = cgroup.map(SandboxCgroup::limitsPids).orElse(false);
        SandboxDiagnosis d = diagnosis;
        boolean nproc = !pidsByCgroup && processLimit && (d == null || d.check(SandboxGuarantee.PID_LIMIT).held());
        boolean entered = persistent && (rootless() ? cgroup.isEmpty() : memoryByCgroup && pidsByCgroup);
        if (persistent && !entered) {
            cgroup.ifPresent(SandboxCgroup::remove);
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "cannot create the cgroups of sandbox " + id);
        }
        return new IsolationCommand.Plan(cgroup.orElse(null), uid, !memoryByCgroup, nproc, entered);
    }

    private int allocateUid() {
        synchronized (uidsInUse) {
            int slot = uidsInUse.nextClearBit(0);
            if (slot >= options.sandboxUidCount()) {
                throw new SilasException(ErrorCode.SANDBOX_FAILURE,
                        "too many concurrent sandboxes (" + options.sandboxUidCount() + " uids configured)");
            }
            uidsInUse.set(slot);
            return slot;
        }
    }

    private void releaseUid(int slot) {
        if (slot >= 0) {
            synchronized (uidsInUse) {
                uidsInUse.clear(slot);
            }
        }
    }

    private static SilasException unavailable(String detail) {
        return new SilasException(ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE,
                "Sandbox isolation is unavailable: " + detail + ". " + (detail.startsWith("required helper")
                        ? INSTALL_HINT : ""));
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int nl = trimmed.indexOf('\n');
        String line = nl < 0 ? trimmed : trimmed.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
