package io.silas.execution.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The cgroup of one run inside a persistent sandbox: a child of the sandbox's pids (or unified) cgroup, so the
 * sandbox's limits still count every process, while the run's whole process tree (double-forked, {@code setsid}
 * descendants included: cgroup membership is inherited and cannot be left without write access to the cgroup
 * tree) can be found and killed without touching the sandbox's init or other runs.
 */
final class RunCgroup {
    private static final int KILL_ROUNDS = 500;

    private final Path dir;
    /** The cgroup's cumulative pids-limit count when the current run began (a reused cgroup keeps counting). */
    private volatile long hitsAtStart;

    private RunCgroup(Path dir) {
        this.dir = dir;
    }

    static RunCgroup create(Path parent, String name) throws IOException {
        return new RunCgroup(Files.createDirectory(parent.resolve(name)));
    }

    Path procsFile() {
        return dir.resolve("cgroup.procs");
    }

    /** Marks the start of a run in this cgroup. */
    void begin() {
        hitsAtStart = SandboxCgroup.counter(dir.resolve("pids.events"), "max");
    }

    /** Forks refused in this run because a pids limit was reached (as this kernel counts them here). */
    long pidsLimitHits() {
        return SandboxCgroup.counter(dir.resolve("pids.events"), "max") - hitsAtStart;
    }

    /** Whether no process is left in the cgroup (an unreadable member list counts as not empty). */
    boolean isEmpty() {
        try {
            return Files.readAllLines(procsFile(), StandardCharsets.US_ASCII).stream().allMatch(String::isBlank);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * SIGKILLs every process in the run until none is left. A process forking while the kill runs only adds
     * members that the next round kills; the sandbox's pids limit bounds how many there can be.
     */
    void killAll() {
        killAll(dir);
    }

    /** Kills what is left and removes the directory. */
    void remove() {
        removeTree(dir);
    }

    static void killAll(Path dir) {
        Path procs = dir.resolve("cgroup.procs");
        Path kill = dir.resolve("cgroup.kill");
        if (Files.exists(kill)) {
            try {
                Cgroups.write(kill, "1");
            } catch (IOException ignored) {
                // Fall back to killing member by member.
            }
        }
        for (int round = 0; round < KILL_ROUNDS; round++) {
            List<String> members;
            try {
                members = Files.readAllLines(procs, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                return;
            }
            if (members.stream().allMatch(String::isBlank)) {
                return;
            }
            for (String line : members) {
                if (!line.isBlank()) {
                    ProcessHandle.of(Long.parseLong(line.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            Thread.onSpinWait();
        }
    }

    /** Kills and removes a run cgroup directory (retrying briefly while the kernel finishes the exits). */
    static void removeTree(Path dir) {
        for (int attempt = 0; attempt < 100; attempt++) {
            killAll(dir);
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
