package io.silas.execution.sandbox;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The size- and file-count-limited tmpfs each sandbox's work dir is, mounted on the host (so the host can place
 * inputs before a run and collect artifacts after it) owned by the sandbox uid, mode 0700, nosuid and nodev.
 *
 * <p><b>Security guarantees.</b> A payload cannot write more than the configured bytes or create more than the
 * configured files and directories in its work dir: the kernel refuses the write ({@code ENOSPC}). The pages it
 * writes are also charged to the sandbox's memory cgroup. Mounting needs root; without it sandboxes fail closed.
 */
final class WorkDisk {
    private static final long MIB = 1024L * 1024L;
    /** Less free space than this after a run means the run reached its disk limit. */
    private static final long FULL_BELOW_BYTES = 8192;
    private static final long HELPER_TIMEOUT_SECONDS = 10;
    /** Which process mounted a sandbox's work dir (its pid and start time), in the sandbox's control dir. */
    static final String OWNER_FILE = "owner";
    /** Work dirs this JVM mounted and has not unmounted yet: unmounted at JVM exit if a sandbox was not closed. */
    private static final java.util.Set<Path> MOUNTED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.concurrent.atomic.AtomicBoolean HOOKED = new java.util.concurrent.atomic.AtomicBoolean();

    private WorkDisk() {
    }

    /** This JVM's identity as written to {@link #OWNER_FILE}: pid and start time. */
    static String ownerStamp() {
        ProcessHandle self = ProcessHandle.current();
        return self.pid() + " " + self.info().startInstant().map(Object::toString).orElse("?") + "\n";
    }

    /**
     * Removes the sandbox dirs under {@code base} whose owner process is gone (a JVM that was killed with its
     * sandboxes open): unmounts their work dir and deletes them. Dirs of live processes (this JVM's other
     * managers, other JVMs) are left alone.
     */
    static void sweep(SubprocessSandboxOptions options, Path base) {
        try (java.util.stream.Stream<Path> entries = Files.list(base)) {
            for (Path dir : entries.toList()) {
                if (dir.getFileName().toString().startsWith("sbx-")
                        && Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && ownerGone(dir)) {
                    unmount(options, dir.resolve("work"));
                    WorkDirs.deleteRecursively(dir);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // Best effort: a leftover costs disk, never isolation.
        }
    }

    private static boolean ownerGone(Path sandboxDir) {
        String stamp;
        try {
            stamp = Files.readString(sandboxDir.resolve("ctl").resolve(OWNER_FILE), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return false;
        }
        String[] parts = stamp.strip().split(" ");
        if (parts.length != 2) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(parts[0]))
                    .map(h -> !h.info().startInstant().map(Object::toString).orElse("?").equals(parts[1]))
                    .orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Mounts a fresh tmpfs of {@code megabytes} MiB and {@code files} inodes on {@code dir}, owned by {@code uid}. */
    static void mount(SubprocessSandboxOptions options, Path dir, int megabytes, int files, int uid) {
        String data = "size=" + megabytes * MIB + ",nr_inodes=" + files + ",mode=0700,uid=" + uid + ",gid=" + uid;
        String problem = runHelper(List.of(options.mountPath().toString(), "-t", "tmpfs", "-o",
                "nosuid,nodev," + data, "silas-work", dir.toString()));
        if (problem != null) {
            throw new SilasException(ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE, "Sandbox isolation is unavailable: the "
                    + "work dir's disk limit needs a size-limited tmpfs, and mounting one failed (" + problem
                    + "). Run the JVM as root with CAP_SYS_ADMIN and util-linux mount installed.");
        }
        MOUNTED.add(dir);
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> MOUNTED.forEach(d -> unmount(options, d)),
                    "silas-sandbox-unmount"));
        }
    }

    /** Unmounts the work dir's tmpfs (lazily, if something still holds it); best effort. */
    static void unmount(SubprocessSandboxOptions options, Path dir) {
        unmount(options, dir, dir);
    }

    /** Unmounts a work dir mounted at {@code mountedAt} that has since moved (with its parent) to {@code dir}. */
    static void unmount(SubprocessSandboxOptions options, Path mountedAt, Path dir) {
        MOUNTED.remove(mountedAt);
        runHelper(List.of(options.umountPath().toString(), "--lazy", dir.toString()));
    }

    /** Whether the work dir has (almost) no space left: a run that fills it reached its limit. */
    static boolean full(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace() < FULL_BELOW_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    private static String runHelper(List<String> argv) {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().clear();
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readNBytes(2000);
            if (!process.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return argv.get(0) + " did not finish";
            }
            return process.exitValue() == 0 ? null
                    : argv.get(0) + " said: " + new String(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return argv.get(0) + " could not be started";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
