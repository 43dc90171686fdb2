package io.silas.execution.sandbox;

import io.silas.core.IdGenerator;
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

/**
 * The subprocess backend: decides how each limit is enforced on this host, proves isolation once with a
 * self-test, then hands out sandboxes. Thread-safe.
 */
final class SubprocessSandboxManager implements SandboxManager {
    private static final long MIB = 1024L * 1024L;
    private static final String INSTALL_HINT = "Install bubblewrap (Debian/Ubuntu: apt-get install -y bubblewrap; "
            + "Fedora/RHEL: dnf install bubblewrap) and util-linux (prlimit, setpriv), and allow user namespaces "
            + "(sysctl user.max_user_namespaces > 0; on Ubuntu 24.04+ also an AppArmor profile for bwrap).";

    private final SubprocessSandboxOptions options;
    private final Cgroups cgroups;
    private final int jvmUid;
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

    SubprocessSandboxManager(SubprocessSandboxOptions options) {
        this(options, RunServer::start);
    }

    /** With another way to start run servers (a test seam; production uses {@link RunServer#start}). */
    SubprocessSandboxManager(SubprocessSandboxOptions options, RunServer.Starter serverStarter) {
        this.options = options;
        this.serverStarter = serverStarter;
        this.uidStart = new java.security.SecureRandom().nextInt(options.sandboxUidCount());
        this.cgroups = options.useCgroups() ? Cgroups.detect() : Cgroups.none();
        this.jvmUid = currentUid();
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
            if (!persistentNamespaces()) {
                throw unavailable("a run with network needs the run server's persistent namespaces (a root JVM, "
                        + "writable memory and pids cgroups, perl), which this host does not provide");
            }
        }
        return open(config);
    }

    private void ensureProven() {
        if (proven) {
            return;
        }
        synchronized (selfTestLock) {
            if (!proven) {
                selfTest();
                proven = true;
            }
        }
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
        try (Sandbox sandbox = open(SandboxConfig.defaults().withTimeout(Duration.ofSeconds(30)))) {
            probe = sandbox.run(List.of("true"), Duration.ofSeconds(30));
        } catch (SilasException e) {
            if (e.code() == ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE) {
                throw unavailable(e.getMessage());
            }
            throw e;
        }
        if (probe.termination() != TerminationReason.EXITED || probe.exitCode() != 0) {
            throw unavailable("the self-test could not prove isolation (" + probe.reason() + "; helper said: "
                    + firstLine(probe.stderr()) + ")");
        }
    }

    private Sandbox open(SandboxConfig config) {
        IsolationCommand.Plan plan;
        String id = "sbx-" + IdGenerator.randomHex128().substring(0, 20);
        int slot = jvmUid == 0 ? allocateUid() : -1;
        Runnable release = () -> releaseUid(slot);
        Path root = options.baseDir().resolve(id);
        plan = null;
        Path mounted = null;
        try {
            plan = plan(id, config, slot);
            WorkDirs.ensureBase(options.baseDir(), jvmUid, plan.uid() >= 0);
            if (!swept) {
                swept = true;
                WorkDisk.sweep(options, options.baseDir());
            }
            WorkDirs.mkdir(root, "rwx--x--x");
            Path work = WorkDirs.mkdir(root.resolve("work"), "rwx------");
            Path control = WorkDirs.mkdir(root.resolve("ctl"), "rwx------");
            Files.writeString(control.resolve(WorkDisk.OWNER_FILE), WorkDisk.ownerStamp(), StandardCharsets.US_ASCII);
            WorkDisk.mount(options, work, config.maxDiskMb(), config.maxDiskFiles(), plan.uid() >= 0 ? plan.uid() : jvmUid);
            mounted = work;
            if (config.artifactsDir() != null) {
                ArtifactCopy.copy(config.artifactsDir(), root.resolve(IsolationCommand.ARTIFACTS_COPY), plan.uid(),
                        config.maxDiskMb(), config.maxDiskFiles());
            }
            Supplier<SandboxNamespaces> starter = null;
            if (plan.persistent()) {
                Path initDir = initBinaries(root, config.networkAccess());
                IsolationCommand.Plan fixed = plan;
                SandboxNetwork network = config.networkAccess() ? options.network() : null;
                starter = () -> SandboxNamespaces.start(IsolationCommand.init(options, config, fixed, work, initDir),
                        options.perlPath(), control, network, serverStarter);
            }
            return new SubprocessSandbox(id, root, work, control, config, options, plan, host, release, starter);
        } catch (IOException | RuntimeException e) {
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
        Path dir = WorkDirs.mkdir(root.resolve("init"), "rwx--x--x");
        if (network) {
            Path resolv = dir.resolve(IsolationCommand.RESOLV_CONF);
            Files.writeString(resolv, "nameserver " + SandboxNetwork.DNS_SERVER + "\n", StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(resolv, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        }
        for (Path source : List.of(options.shPath(), options.sleepPath())) {
            Path copy = dir.resolve(source.equals(options.shPath()) ? "sh" : "sleep");
            Files.copy(source, copy);
            Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("--x--x--x"));
        }
        return dir;
    }

    /**
     * Whether sandboxes keep one set of namespaces that runs enter: needs root (to enter the namespaces and
     * then drop to the sandbox uid), memory and pids cgroups (each run gets its own pids cgroup for the tree
     * kill), perl and sleep next to setpriv, and an architecture the {@link RunServer} knows. Otherwise every
     * run gets fresh namespaces.
     */
    private boolean persistentNamespaces() {
        return jvmUid == 0 && cgroups.hasMemory() && cgroups.hasPids() && RunServer.architecture() != null
                && Files.isExecutable(options.perlPath()) && Files.isExecutable(options.setprivPath())
                && Files.isExecutable(options.sleepPath());
    }

    /** Chooses how memory and process limits are enforced; fails closed where neither way works. */
    private IsolationCommand.Plan plan(String id, SandboxConfig config, int slot) {
        int uid = slot < 0 ? -1 : options.sandboxUidBase() + (int) ((uidStart + slot) % options.sandboxUidCount());
        boolean persistent = persistentNamespaces();
        int maxPids = config.maxProcesses() + (persistent
                ? SubprocessSandbox.PERSISTENT_HELPER_PROCESSES : SubprocessSandbox.HELPER_PROCESSES);
        Optional<SandboxCgroup> cgroup = cgroups.hasMemory() || cgroups.hasPids()
                ? cgroups.create("silas-" + id, config.maxMemoryMb() * MIB, maxPids)
                : Optional.empty();
        boolean memoryByCgroup = cgroup.map(SandboxCgroup::limitsMemory).orElse(false);
        boolean pidsByCgroup = cgroup.map(SandboxCgroup::limitsPids).orElse(false);
        if (!pidsByCgroup && uid < 0) {
            cgroup.ifPresent(SandboxCgroup::remove);
            throw unavailable("the process limit cannot be enforced: no writable pids cgroup, and RLIMIT_NPROC "
                    + "needs a dedicated uid (run the JVM as root or delegate a pids cgroup to it)");
        }
        boolean entered = persistent && memoryByCgroup && pidsByCgroup;
        if (persistent && !entered) {
            cgroup.ifPresent(SandboxCgroup::remove);
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "cannot create the cgroups of sandbox " + id);
        }
        return new IsolationCommand.Plan(cgroup.orElse(null), uid, !memoryByCgroup, !pidsByCgroup, entered);
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
                "Sandbox isolation is unavailable: " + detail + ". " + INSTALL_HINT);
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

    private static int currentUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
