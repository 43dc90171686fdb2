package io.silas.execution.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds where this JVM may create child cgroups for the memory and pids controllers (cgroup v1 per-controller
 * hierarchies, or the v2 unified hierarchy) and creates one child per sandbox, nested under the JVM's own
 * cgroup so the host's own limits still apply.
 */
final class Cgroups {
    private final @Nullable Path memoryParent;
    private final @Nullable Path pidsParent;
    private final boolean v2;

    private Cgroups(@Nullable Path memoryParent, @Nullable Path pidsParent, boolean v2) {
        this.memoryParent = memoryParent;
        this.pidsParent = pidsParent;
        this.v2 = v2;
    }

    /** No cgroup support (the rlimit fallback is used). */
    static Cgroups none() {
        return new Cgroups(null, null, false);
    }

    /** Detects writable memory and pids controllers; absent ones stay null. */
    static Cgroups detect() {
        try {
            return detect(Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8),
                    Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return none();
        }
    }

    /**
     * The probing step of {@link #detect()} on given {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}
     * lines: v1 memory/pids hierarchies where the JVM's own cgroup dir is writable win; otherwise the v2 unified
     * hierarchy's own cgroup dir when writable (a delegated subtree: systemd {@code Delegate=yes}, a container's
     * cgroup namespace). Whether the v2 controllers are really delegated is checked when a sandbox's cgroup is
     * made ({@link #create}: no {@code memory.max}/{@code pids.max} in the child means no cgroup, never an
     * unlimited one).
     */
    static Cgroups detect(List<String> mountInfo, List<String> own) {
        try {
            Path memory = v1Parent("memory", mountInfo, own);
            Path pids = v1Parent("pids", mountInfo, own);
            if (memory != null || pids != null) {
                return new Cgroups(memory, pids, false);
            }
            Path unified = v2Parent(mountInfo, own);
            if (unified != null) {
                return new Cgroups(unified, unified, true);
            }
        } catch (RuntimeException e) {
            return none();
        }
        return none();
    }

    /** What this host offers, for the doctor: the writable controllers and where, or why none. */
    String describe() {
        if (memoryParent == null && pidsParent == null) {
            String mounted;
            try {
                String info = Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8);
                mounted = info.contains(" - cgroup2 ") ? "cgroup v2 mounted" : info.contains(" - cgroup ")
                        ? "cgroup v1 mounted" : "no cgroup fs mounted";
            } catch (IOException e) {
                mounted = "mountinfo unreadable";
            }
            return "no writable memory/pids cgroup (" + mounted + ", none writable by this uid; no delegated v2 subtree)";
        }
        return (v2 ? "cgroup v2 " : "cgroup v1 ") + "memory " + (memoryParent == null ? "none" : memoryParent)
                + ", pids " + (pidsParent == null ? "none" : pidsParent);
    }

    boolean hasMemory() {
        return memoryParent != null;
    }

    boolean hasPids() {
        return pidsParent != null;
    }

    /**
     * Creates the cgroup(s) of one sandbox with the given limits; empty if creation failed (the caller then
     * falls back or fails closed).
     */
    Optional<SandboxCgroup> create(String name, long memoryBytes, int maxPids) {
        List<Path> created = new ArrayList<>();
        try {
            Path memoryDir = null;
            Path pidsDir = null;
            if (v2) {
                Path dir = mkdir(memoryParent, name, created);
                if (!Files.exists(dir.resolve("memory.max")) || !Files.exists(dir.resolve("pids.max"))) {
                    throw new IOException("memory/pids controllers not delegated to " + dir);
                }
                write(dir.resolve("memory.max"), Long.toString(memoryBytes));
                writeIfPresent(dir.resolve("memory.swap.max"), "0");
                write(dir.resolve("pids.max"), Integer.toString(maxPids));
                memoryDir = dir;
                pidsDir = dir;
            } else {
                if (memoryParent != null) {
                    memoryDir = mkdir(memoryParent, name, created);
                    write(memoryDir.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
                    writeIfPresent(memoryDir.resolve("memory.memsw.limit_in_bytes"), Long.toString(memoryBytes));
                    writeIfPresent(memoryDir.resolve("memory.swappiness"), "0");
                }
                if (pidsParent != null) {
                    pidsDir = mkdir(pidsParent, name, created);
                    write(pidsDir.resolve("pids.max"), Integer.toString(maxPids));
                }
            }
            return Optional.of(new SandboxCgroup(memoryDir, pidsDir, v2, created));
        } catch (IOException | RuntimeException e) {
            new SandboxCgroup(null, null, v2, created).remove();
            return Optional.empty();
        }
    }

    private static Path mkdir(@Nullable Path parent, String name, List<Path> created) throws IOException {
        if (parent == null) {
            throw new IOException("no cgroup parent");
        }
        Path dir = parent.resolve(name);
        Files.createDirectory(dir);
        created.add(dir);
        return dir;
    }

    static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardCharsets.US_ASCII);
    }

    private static void writeIfPresent(Path file, String value) {
        if (Files.exists(file)) {
            try {
                write(file, value);
            } catch (IOException ignored) {
                // Optional knob (swap accounting may be off): the main limit is already set.
            }
        }
    }

    private static @Nullable Path v1Parent(String controller, List<String> mountInfo, List<String> own) {
        for (String line : mountInfo) {
            MountLine m = MountLine.parse(line);
            if (m == null || !m.fsType.equals("cgroup") || !List.of(m.superOptions.split(",")).contains(controller)) {
                continue;
            }
            for (String entry : own) {
                String[] parts = entry.split(":", 3);
                if (parts.length == 3 && List.of(parts[1].split(",")).contains(controller)) {
                    return writableDir(m.mountPoint, m.root, parts[2]);
                }
            }
        }
        return null;
    }

    private static @Nullable Path v2Parent(List<String> mountInfo, List<String> own) {
        for (String line : mountInfo) {
            MountLine m = MountLine.parse(line);
            if (m == null || !m.fsType.equals("cgroup2")) {
                continue;
            }
            for (String entry : own) {
                if (entry.startsWith("0::")) {
                    return writableDir(m.mountPoint, m.root, entry.substring(3));
                }
            }
        }
        return null;
    }

    /** The JVM's own cgroup dir inside the mount (or the mount root when the cgroup lies outside it). */
    private static @Nullable Path writableDir(String mountPoint, String root, String ownPath) {
        Path mount = Path.of(mountPoint);
        Path dir = mount;
        if (ownPath.startsWith(root)) {
            String relative = ownPath.substring(root.length()).replaceFirst("^/+", "");
            Path candidate = relative.isEmpty() ? mount : mount.resolve(relative).normalize();
            if (candidate.startsWith(mount) && Files.isDirectory(candidate)) {
                dir = candidate;
            }
        }
        return Files.isDirectory(dir) && Files.isWritable(dir) ? dir : null;
    }

    /** The fields of one /proc/self/mountinfo line that matter here. */
    private record MountLine(String root, String mountPoint, String fsType, String superOptions) {
        static @Nullable MountLine parse(String line) {
            String[] halves = line.split(" - ", 2);
            if (halves.length != 2) {
                return null;
            }
            String[] left = halves[0].split(" ");
            String[] right = halves[1].split(" ");
            if (left.length < 5 || right.length < 3) {
                return null;
            }
            return new MountLine(unescape(left[3]), unescape(left[4]), right[0], right[2]);
        }

        private static String unescape(String s) {
            return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
        }
    }
}
