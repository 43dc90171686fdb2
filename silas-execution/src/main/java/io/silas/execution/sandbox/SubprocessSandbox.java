package io.silas.execution.sandbox;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.TerminationReason;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One bubblewrap sandbox: a fresh work dir, its cgroups and uid, and the runs inside it. With a persistent plan
 * the sandbox keeps one set of namespaces ({@link SandboxNamespaces}) that every run enters, each run in its
 * own {@link RunCgroup}; otherwise every run gets fresh namespaces. Thread-safe.
 */
final class SubprocessSandbox implements Sandbox {
    /** Helper processes in the tree: bubblewrap's monitor outside and the sh init inside the pid namespace. */
    static final int HELPER_PROCESSES = 2;
    /**
     * Helper processes of a persistent sandbox: bubblewrap's monitor, the init and its {@code sleep} (the run
     * server and each run's waiting parent stay outside the sandbox's cgroups).
     */
    static final int PERSISTENT_HELPER_PROCESSES = 3;
    /**
     * Processes of the sandbox uid in a rootless persistent sandbox's user namespace besides the payload's own:
     * the init, its {@code sleep} and the run's init ({@code RLIMIT_NPROC} counts them all).
     */
    static final int PERSISTENT_ROOTLESS_HELPERS = 3;

    private static final int SIGXCPU = 24;
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);
    /** A run's environment file is readable by the JVM's user alone, and only until the run ends. */
    private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "silas-sandbox-io");
        t.setDaemon(true);
        return t;
    });

    private final String id;
    private final Path root;
    private final Path workDir;
    private final Path controlDir;
    /** Set once more, before it is handed out, when a pooled sandbox is taken ({@link #adopt}). */
    private volatile SandboxConfig config;
    private final SubprocessSandboxOptions options;
    private final IsolationCommand.Plan plan;
    private final BwrapStatus.HostNamespaces host;
    private final Runnable releaseUid;
    private final @Nullable Supplier<SandboxNamespaces> namespaceStarter;
    private final Object namespaceLock = new Object();
    private @Nullable SandboxNamespaces namespaces;
    private final AtomicInteger runCounter = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Storage storage;
    private final Runnable auditRun;

    /**
     * Where the work dir lives and how a rootless sandbox reaches the outside.
     *
     * @param holder     the namespaces holding a rootless sandbox's tmpfs work dir (and network), or null
     * @param stack      the user-mode stack of a rootless sandbox with network, or null
     * @param resolvConf the {@code resolv.conf} of a rootless sandbox with network, or null
     * @param hostMount  whether the work dir is a tmpfs mounted on the host (root)
     */
    record Storage(@Nullable WorkHolder holder, @Nullable NetworkStack stack, @Nullable Path resolvConf,
                   boolean hostMount) {
    }

    /**
     * @param auditRun called before each run (audits the accepted missing guarantees the run goes without)
     */
    SubprocessSandbox(String id, Path root, Path workDir, Path controlDir, SandboxConfig config,
                      SubprocessSandboxOptions options, IsolationCommand.Plan plan,
                      BwrapStatus.HostNamespaces host, Runnable releaseUid,
                      @Nullable Supplier<SandboxNamespaces> namespaceStarter, Storage storage, Runnable auditRun) {
        this.storage = storage;
        this.auditRun = auditRun;
        this.id = id;
        this.root = root;
        this.workDir = workDir;
        this.controlDir = controlDir;
        this.config = config;
        this.options = options;
        this.plan = plan;
        this.host = host;
        this.releaseUid = releaseUid;
        this.namespaceStarter = namespaceStarter;
        this.namespaces = namespaceStarter == null ? null : tryStart(namespaceStarter);
    }

    /**
     * Starts the namespaces at create so that the first run is fast; a failure here (e.g. a bind source the
     * sandbox uid cannot read) is not thrown but retried by the run, which then reports an isolation failure.
     */
    private static @Nullable SandboxNamespaces tryStart(Supplier<SandboxNamespaces> starter) {
        try {
            return starter.get();
        } catch (SilasException e) {
            return null;
        }
    }

    @Override
    public String id() {
        return id;
    }

    /** The work dir as the JVM sees it: the host dir, or a rootless sandbox's tmpfs through its holder. */
    @Override
    public Path workDir() {
        return storage.holder() == null ? workDir : storage.holder().view();
    }

    /** The host pid of this sandbox's run server while it runs; empty without one (fresh namespaces per run). */
    java.util.OptionalLong runServerPid() {
        synchronized (namespaceLock) {
            return namespaces != null && namespaces.alive()
                    ? java.util.OptionalLong.of(namespaces.server().pid()) : java.util.OptionalLong.empty();
        }
    }

    /**
     * Makes a pooled sandbox (built for {@link SandboxPool#shape} of {@code taken}) the one {@code taken} asked
     * for, before it is handed out: the per-run settings (timeout, CPU seconds, output cap, environment), and its
     * empty artifacts dir (bound read-only at {@link SandboxConfig#ARTIFACTS_MOUNT}) filled with a copy of the
     * config's artifacts.
     */
    void adopt(SandboxConfig taken) throws IOException {
        if (!SandboxPool.shape(taken).equals(SandboxPool.shape(config))) {
            throw new IllegalArgumentException("a pooled sandbox of another shape");
        }
        config = taken;
        if (taken.artifactsDir() != null) {
            ArtifactCopy.copy(taken.artifactsDir(), root.resolve(IsolationCommand.ARTIFACTS_COPY), plan.uid(),
                    taken.maxDiskMb(), taken.maxDiskFiles());
        }
    }

    @Override
    public ProcessResult run(List<String> argv, Duration timeout, byte[] stdin) {
        validate(argv, timeout);
        if (!closed.get()) {
            auditRun.run();
        }
        return runUnaudited(argv, timeout, stdin);
    }

    /** A run that is not a payload's (a pool member's proof); the same isolation, limits and checks. */
    ProcessResult runUnaudited(List<String> argv, Duration timeout, byte[] stdin) {
        validate(argv, timeout);
        if (closed.get()) {
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "sandbox " + id + " is closed");
        }
        Duration limit = timeout.compareTo(config.timeout()) < 0 ? timeout : config.timeout();
        int runNumber = runCounter.incrementAndGet();
        Path statusFile = controlDir.resolve("status-" + runNumber + ".json");
        if (namespaceStarter != null) {
            return runEntered(argv, limit, stdin, statusFile, runNumber);
        }
        long oomBefore = plan.cgroup() == null ? 0 : plan.cgroup().oomKills();
        long pidsBefore = plan.cgroup() == null ? 0 : plan.cgroup().pidsLimitHits();
        Path envFile = controlDir.resolve("env-" + runNumber);
        long start = System.nanoTime();
        try {
            Files.write(Files.createFile(envFile, OWNER_ONLY), IsolationCommand.envArgs(config));
        } catch (IOException e) {
            deleteQuietly(envFile);
            return isolationFailure("the run's environment could not be handed over (" + e.getMessage() + ")", "", "",
                    Duration.ofNanos(System.nanoTime() - start));
        }
        ProcessBuilder builder = new ProcessBuilder(
                IsolationCommand.build(options, config, plan, workDir, statusFile, envFile, argv, storage.holder(),
                        storage.resolvConf()));
        builder.environment().clear();
        builder.directory(controlDir.toFile());
        Process process;
        try {
            process = SpawnThread.start(builder);
        } catch (IOException e) {
            deleteQuietly(envFile);
            return isolationFailure("the sandbox helper could not be started", "", "", Duration.ofNanos(System.nanoTime() - start));
        }
        try {
            return await(process, stdin, limit, statusFile, oomBefore, pidsBefore, start);
        } finally {
            killTree(process);
            deleteQuietly(envFile);
            deleteQuietly(statusFile);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The control dir goes away with the sandbox.
        }
    }

    /**
     * A run of a persistent sandbox: its {@link RunServer} starts the payload in the pinned namespaces and a run
     * cgroup of its own; output comes through two fifos in the control dir (opened by whichever thread learns
     * first that they exist), stdin from a file there.
     */
    private ProcessResult runEntered(List<String> argv, Duration limit, byte[] stdin, Path statusFile, int runNumber) {
        long start = System.nanoTime();
        SandboxNamespaces ns;
        @Nullable RunCgroup runGroup;
        @Nullable SandboxCgroup cgroup = plan.cgroup();
        Path stdinFile = stdin.length == 0 ? Path.of("/dev/null") : controlDir.resolve("in-" + runNumber);
        try {
            ns = liveNamespaces();
            runGroup = cgroup == null ? null : cgroup.startRun();
            if (stdin.length > 0) {
                Files.write(stdinFile, stdin);
            }
        } catch (IOException | SilasException e) {
            return isolationFailure("the sandbox could not be prepared for the run (" + e.getMessage() + ")", "", "",
                    Duration.ofNanos(System.nanoTime() - start));
        }
        Path outFifo = controlDir.resolve("out-" + runNumber);
        Path errFifo = controlDir.resolve("err-" + runNumber);
        RunServer server = ns.server();
        // Rootless (no cgroups): the run's own pid namespace is its tree; the server kills it on request.
        Runnable killRun = runGroup == null ? () -> server.kill(runNumber) : runGroup::killAll;
        Integer exit = null;
        try {
            long oomBefore = cgroup == null ? 0 : cgroup.oomKills();
            long pidsBefore = cgroup == null ? 0 : cgroup.pidsLimitHits();
            int cpu = config.maxCpuSeconds();
            int uid = plan.uid() >= 0 ? plan.uid() : IsolationCommand.ROOTLESS_UID;
            RunServer.Launch launch = server.launch(new RunServer.Request(runNumber, outFifo, errFifo, stdinFile,
                    statusFile, cpu, cpu + 1, options.maxFileSizeBytes(), options.maxOpenFiles(),
                    plan.addressLimit() ? config.maxMemoryMb() * 1024L * 1024L : 0,
                    plan.nprocLimit() ? config.maxProcesses() + PERSISTENT_ROOTLESS_HELPERS : 0, uid,
                    cgroup == null ? List.of() : cgroup.runProcsFiles(runGroup),
                    IsolationCommand.runEnvironment(config), argv));
            CompletableFuture<@Nullable RunOutput> output = launch.ready().thenApply(ready -> {
                if (!ready) {
                    return null;
                }
                try {
                    RunOutput opened = RunOutput.open(outFifo, errFifo, config.maxOutputBytes(), IO);
                    server.opened(runNumber);
                    return opened;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            boolean timedOut = false;
            try {
                exit = launch.exit().get(limit.toNanos() - (System.nanoTime() - start), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                timedOut = true;
            } catch (ExecutionException e) {
                exit = null;
            }
            // Whatever the run left behind (daemons, a stopped tree at its timeout) goes now, so that nothing
            // keeps the output fifos open.
            killRun.run();
            RunOutput out = openedOutput(output);
            if (out == null) {
                return isolationFailure("the run server could not start the run", "", "",
                        Duration.ofNanos(System.nanoTime() - start));
            }
            out.drain(DRAIN_GRACE, killRun);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            BwrapStatus status = enteredStatus(ns, statusFile, exit);
            return classify(status, timedOut, cgroup == null ? 0 : cgroup.oomKills() - oomBefore,
                    cgroup == null || runGroup == null ? 0
                            : cgroup.pidsLimitHits() - pidsBefore + runGroup.pidsLimitHits(),
                    limit, out.stdout(), out.stderr(), out.truncated(), took);
        } catch (IOException e) {
            return isolationFailure("the run server could not start the run (" + e.getMessage() + ")", "", "",
                    Duration.ofNanos(System.nanoTime() - start));
        } finally {
            if (cgroup != null && runGroup != null) {
                cgroup.finishRun(runGroup, exit != null);
            }
            server.forget(runNumber);
            for (Path p : List.of(statusFile, outFifo, errFifo, stdinFile)) {
                if (p.startsWith(controlDir)) {
                    deleteQuietly(p);
                }
            }
        }
    }

    /**
     * The run's output once its fifos were opened; null when the server never made them (the run was not
     * started) within the drain grace. Output opened later than that is closed at once.
     */
    private static @Nullable RunOutput openedOutput(CompletableFuture<@Nullable RunOutput> output) {
        try {
            return output.get(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            output.thenAccept(late -> {
                if (late != null) {
                    late.close();
                }
            });
            return null;
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The outcome of an entered run: the payload's exit status (reported by the run server) only when the
     * payload process wrote its "started" record after entering the sandbox and the namespaces outlived the
     * run; otherwise no status (an isolation failure).
     */
    private BwrapStatus enteredStatus(SandboxNamespaces ns, Path statusFile, @Nullable Integer exit) {
        boolean started;
        try {
            started = Files.readString(statusFile, java.nio.charset.StandardCharsets.US_ASCII).equals("started\n");
        } catch (IOException e) {
            started = false;
        }
        boolean intact = !closed.get() && ns.alive();
        return ns.proof(started && intact ? exit : null);
    }

    private SandboxNamespaces liveNamespaces() {
        synchronized (namespaceLock) {
            if (closed.get()) {
                throw new SilasException(ErrorCode.SANDBOX_FAILURE, "sandbox " + id + " is closed");
            }
            if (namespaces == null || !namespaces.alive()) {
                if (namespaces != null) {
                    namespaces.close();
                }
                namespaces = java.util.Objects.requireNonNull(namespaceStarter).get();
            }
            return namespaces;
        }
    }

    private ProcessResult await(Process process, byte[] stdin, Duration limit, Path statusFile,
                                long oomBefore, long pidsBefore, long start) {
        CappedReader out = new CappedReader(process.getInputStream(), config.maxOutputBytes());
        CappedReader err = new CappedReader(process.getErrorStream(), config.maxOutputBytes());
        Future<?> outDone = IO.submit(out);
        Future<?> errDone = IO.submit(err);
        IO.submit(() -> feed(process.getOutputStream(), stdin));
        boolean timedOut;
        try {
            timedOut = !process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timedOut = true;
        }
        if (timedOut) {
            killTree(process);
        }
        drain(outDone, () -> killTree(process), () -> closeQuietly(process));
        drain(errDone, () -> killTree(process), () -> closeQuietly(process));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        BwrapStatus status = BwrapStatus.read(statusFile);
        long oom = plan.cgroup() == null ? 0 : plan.cgroup().oomKills() - oomBefore;
        long pidsHits = plan.cgroup() == null ? 0 : plan.cgroup().pidsLimitHits() - pidsBefore;
        boolean truncated = out.truncated() || err.truncated();
        return classify(status, timedOut, oom, pidsHits, limit, out.text(), err.text(), truncated, took);
    }

    private ProcessResult classify(BwrapStatus status, boolean timedOut, long oom, long pidsHits, Duration limit,
                                   String stdout, String stderr, boolean truncated, Duration took) {
        int exit = status.exitCode() == null ? ProcessResult.NO_EXIT_CODE : status.exitCode();
        // A rootless run with network stays in its holder's network namespace (proven not the host's when the
        // holder started; nsenter fails, and bubblewrap never reports, when it cannot enter it); bubblewrap does
        // not report a namespace it did not create.
        boolean isolated = status.isolatedFrom(host, storage.holder() == null || !config.networkAccess());
        if (oom > 0) {
            return result(exit, stdout, stderr, took, truncated, TerminationReason.MEMORY_LIMIT,
                    "memory limit of " + config.maxMemoryMb() + " MiB reached; the process was killed");
        }
        if (pidsHits > 0 && isolated) {
            return result(exit, stdout, stderr, took, truncated, TerminationReason.PIDS_LIMIT,
                    "process limit of " + config.maxProcesses() + " reached; further processes were refused"
                            + (timedOut ? " and the run was stopped at its timeout" : ""));
        }
        if (isolated && (WorkDisk.full(workDir()) || (exit != 0 && status.exitCode() != null
                && stderr.contains("No space left on device")))) {
            return result(timedOut ? ProcessResult.NO_EXIT_CODE : exit, stdout, stderr, took, truncated,
                    TerminationReason.DISK_LIMIT, "work dir limit of " + config.maxDiskMb() + " MiB / "
                            + config.maxDiskFiles() + " files reached; further writes were refused"
                            + (timedOut ? " and the run was stopped at its timeout" : ""));
        }
        if (timedOut) {
            return result(ProcessResult.NO_EXIT_CODE, stdout, stderr, took, truncated, TerminationReason.TIMEOUT,
                    "timed out after " + seconds(limit) + "; the whole process tree was killed");
        }
        if (!isolated || status.exitCode() == null) {
            return isolationFailure(isolated
                    ? "the sandbox did not report the command's exit status"
                    : "the sandbox did not report proof of isolation", stdout, stderr, took);
        }
        if (exit == 128 + SIGXCPU) {
            return result(exit, stdout, stderr, took, truncated, TerminationReason.CPU_LIMIT,
                    "CPU time limit of " + config.maxCpuSeconds() + " s reached; the process was killed");
        }
        if (exit != 0 && plan.addressLimit() && mentionsAny(stderr, "MemoryError", "Cannot allocate memory",
                "out of memory", "std::bad_alloc")) {
            return result(exit, stdout, stderr, took, truncated, TerminationReason.MEMORY_LIMIT,
                    "memory limit of " + config.maxMemoryMb() + " MiB reached; an allocation was refused");
        }
        if (exit != 0 && plan.nprocLimit() && mentionsAny(stderr, "Resource temporarily unavailable",
                "Cannot fork", "can't fork", "BlockingIOError")) {
            return result(exit, stdout, stderr, took, truncated, TerminationReason.PIDS_LIMIT,
                    "process limit of " + config.maxProcesses() + " reached; further processes were refused");
        }
        return result(exit, stdout, stderr, took, truncated, TerminationReason.EXITED, exitDescription(exit));
    }

    private static ProcessResult result(int exit, String stdout, String stderr, Duration took, boolean truncated,
                                        TerminationReason termination, String reason) {
        return new ProcessResult(exit, stdout, stderr, took, truncated, termination,
                truncated ? reason + " (output truncated)" : reason);
    }

    private static ProcessResult isolationFailure(String detail, String stdout, String stderr, Duration took) {
        return new ProcessResult(ProcessResult.NO_EXIT_CODE, stdout, stderr, took, false,
                TerminationReason.ISOLATION_FAILURE,
                "isolation failure: " + detail + "; the command's outcome is unknown and was discarded");
    }

    private static String exitDescription(int exit) {
        if (exit > 128 && exit < 128 + 65) {
            return "killed by signal " + (exit - 128) + " (exit code " + exit + ")";
        }
        return "exited with code " + exit;
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.3f s", millis / 1000.0);
    }

    private static boolean mentionsAny(String text, String... needles) {
        for (String n : needles) {
            if (text.contains(n)) {
                return true;
            }
        }
        return false;
    }

    private static void feed(OutputStream in, byte[] bytes) {
        try (in) {
            in.write(bytes);
        } catch (IOException ignored) {
            // The payload exited or closed stdin without reading it all.
        }
    }

    /** Waits for a reader to reach end of output; if descendants keep the pipe open, kill them and close it. */
    private static void drain(Future<?> reader, Runnable killRun, Runnable closeOutput) {
        try {
            reader.get(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            killRun.run();
            closeOutput.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killRun.run();
            closeOutput.run();
        } catch (java.util.concurrent.ExecutionException e) {
            closeOutput.run();
        }
    }

    private static void closeQuietly(Process process) {
        try {
            process.getInputStream().close();
            process.getErrorStream().close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    /**
     * Kills the run: first the host-visible descendants (bubblewrap's init inside the pid namespace — its
     * death kills every process in the namespace, double-forked ones included), then the monitor, then
     * anything still in the cgroup.
     */
    private void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (plan.cgroup() != null) {
            plan.cgroup().killAll();
        }
        try {
            process.waitFor(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void validate(@Nullable List<String> argv, @Nullable Duration timeout) {
        if (argv == null || argv.isEmpty() || argv.get(0).isEmpty()) {
            throw SilasException.invalid("argv", "must be a non-empty list with a program name first");
        }
        for (String arg : argv) {
            if (arg == null || arg.indexOf('\0') >= 0) {
                throw SilasException.invalid("argv", "arguments must not be null or contain NUL bytes");
            }
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw SilasException.invalid("timeout", "must be positive");
        }
    }

    /**
     * Kills every process of the sandbox and moves its dir aside first, then waits for bubblewrap, removes the
     * cgroups, unmounts and deletes the dir, and releases the uid (all before returning, so a caller may delete
     * the base dir right after).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SandboxNamespaces ns;
        synchronized (namespaceLock) {
            ns = namespaces;
        }
        Path gone = root;
        try {
            if (ns != null) {
                // SIGKILL to the run server and the init: the kernel kills every process in the pid namespace.
                ns.kill();
            }
            if (plan.cgroup() != null) {
                plan.cgroup().killAll();
            }
            if (storage.holder() != null) {
                // Rootless: the work dir's tmpfs goes with its holder's mount namespace.
                storage.holder().close();
            }
            gone = WorkDirs.moveAside(root);
        } catch (RuntimeException e) {
            // Whatever could not be done here is done below.
        }
        finishClose(ns, gone);
    }

    private void finishClose(@Nullable SandboxNamespaces ns, Path dir) {
        try {
            if (ns != null) {
                ns.close();
            }
            if (plan.cgroup() != null) {
                plan.cgroup().remove();
            }
            if (storage.stack() != null) {
                storage.stack().close();
            }
            if (storage.hostMount()) {
                WorkDisk.unmount(options, workDir, dir.resolve(workDir.getFileName()));
            }
            WorkDirs.deleteRecursively(dir);
        } catch (RuntimeException ignored) {
            // Best effort: a leftover dir is swept when a manager next uses the base dir.
        } finally {
            releaseUid.run();
        }
    }

    @Override
    public String toString() {
        return "SubprocessSandbox[" + id + "]";
    }
}
