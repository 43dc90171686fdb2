package io.silas.execution.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The memory and/or pids cgroup of one sandbox: the files its processes enter through, the breach counters
 * that tell a limit kill from an ordinary exit, a tree kill, and removal on close.
 */
final class SandboxCgroup {
    private final @Nullable Path memoryDir;
    private final @Nullable Path pidsDir;
    private final boolean v2;
    private final List<Path> dirs;
    /** Emptied run cgroups kept for the next runs (creating and removing a cgroup per run costs latency). */
    private final java.util.ArrayDeque<RunCgroup> idleRuns = new java.util.ArrayDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger runNames = new java.util.concurrent.atomic.AtomicInteger();

    SandboxCgroup(@Nullable Path memoryDir, @Nullable Path pidsDir, boolean v2, List<Path> dirs) {
        this.memoryDir = memoryDir;
        this.pidsDir = pidsDir;
        this.v2 = v2;
        this.dirs = List.copyOf(dirs);
    }

    boolean limitsMemory() {
        return memoryDir != null;
    }

    boolean limitsPids() {
        return pidsDir != null;
    }

    /** The {@code cgroup.procs} files a process writes its pid into to enter this sandbox's cgroups. */
    List<Path> procsFiles() {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            files.add(dir.resolve("cgroup.procs"));
        }
        return files;
    }

    /**
     * The cgroup of one run: a child of the pids (or unified) cgroup, either an emptied one from an earlier run
     * or a new one. Processes enter it together with this sandbox's memory cgroup ({@link #runProcsFiles}).
     */
    RunCgroup startRun() throws IOException {
        if (pidsDir == null) {
            throw new IOException("no pids cgroup to hold the run");
        }
        RunCgroup idle;
        synchronized (idleRuns) {
            idle = idleRuns.poll();
        }
        RunCgroup run = idle != null ? idle : RunCgroup.create(pidsDir, "run-" + runNames.incrementAndGet());
        run.begin();
        return run;
    }

    /**
     * Ends a run: kills whatever is left in its cgroup and keeps the cgroup for a later run only when the run's
     * first process was seen to exit (so nothing can still join it) and it is verifiably empty; otherwise removes
     * it.
     */
    void finishRun(RunCgroup run, boolean firstProcessExited) {
        run.killAll();
        if (firstProcessExited && run.isEmpty()) {
            synchronized (idleRuns) {
                idleRuns.push(run);
            }
        } else {
            run.remove();
        }
    }

    /** The cgroup.procs files a run's first process writes its pid into: memory (v1) and the run's own. */
    List<Path> runProcsFiles(RunCgroup run) {
        List<Path> files = new ArrayList<>();
        if (!v2 && memoryDir != null) {
            files.add(memoryDir.resolve("cgroup.procs"));
        }
        files.add(run.procsFile());
        return files;
    }

    /** Cumulative count of OOM kills in this cgroup. */
    long oomKills() {
        if (memoryDir == null) {
            return 0;
        }
        return counter(memoryDir.resolve(v2 ? "memory.events" : "memory.oom_control"), "oom_kill");
    }

    /** Cumulative count of forks refused because {@code pids.max} was reached. */
    long pidsLimitHits() {
        return pidsDir == null ? 0 : counter(pidsDir.resolve("pids.events"), "max");
    }

    /** SIGKILLs every process still in the cgroup. */
    void killAll() {
        for (Path procs : procsFiles()) {
            try {
                for (String line : Files.readAllLines(procs, StandardCharsets.US_ASCII)) {
                    if (!line.isBlank()) {
                        ProcessHandle.of(Long.parseLong(line.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // The cgroup is gone or unreadable: nothing left to kill through it.
            }
        }
    }

    /** Whether no process is left in the cgroup(s). */
    boolean isEmpty() {
        for (Path procs : procsFiles()) {
            try {
                if (Files.readAllLines(procs, StandardCharsets.US_ASCII).stream().anyMatch(l -> !l.isBlank())) {
                    return false;
                }
            } catch (IOException e) {
                // Gone: counts as empty.
            }
        }
        return true;
    }

    /** Kills what is left and removes the directories (retrying briefly while the kernel reaps). */
    void remove() {
        for (int attempt = 0; attempt < 50; attempt++) {
            removeRunCgroups();
            killAll();
            boolean allGone = true;
            for (Path dir : dirs) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    allGone = false;
                }
            }
            if (allGone) {
                return;
            }
            try {
                Thread.sleep(Math.min(20, 1L << attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void removeRunCgroups() {
        synchronized (idleRuns) {
            idleRuns.clear();
        }
        if (pidsDir == null) {
            return;
        }
        try (var children = Files.list(pidsDir)) {
            children.filter(Files::isDirectory).forEach(RunCgroup::removeTree);
        } catch (IOException ignored) {
            // Gone already.
        }
    }

    static long counter(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2 && kv[0].equals(key)) {
                    return Long.parseLong(kv[1]);
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // Counter unavailable: report no breach rather than guessing one.
        }
        return 0;
    }
}
