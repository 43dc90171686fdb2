package io.silas.execution.sandbox;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The namespaces that hold a rootless sandbox's work dir: a user namespace owned by the JVM's uid with a mount
 * namespace in which a size- and inode-limited tmpfs is mounted over the work dir's host path (and, for a
 * sandbox with network, a network namespace for the user-mode stack). Every run enters these namespaces
 * through the JVM's open handles on them ({@code nsenter --user=/proc/<jvm>/fd/<n> ...}), then bubblewrap
 * creates the run's own nested namespaces; the JVM reads and writes the work dir through
 * {@code /proc/<holder>/root/<work dir>} (only the JVM's uid may, as the namespaces' owner). The holder is a
 * shell waiting on its stdin, so it exits when closed or when the JVM dies (its stdin is the JVM's pipe).
 *
 * <p><b>Security guarantees.</b> A payload cannot write more bytes or files than the limits: the kernel refuses
 * ({@code ENOSPC}). The tmpfs exists only in the holder's mount namespace: no other local user can reach it
 * (reaching {@code /proc/<holder>/root} needs ptrace rights over the holder), and the host's own directory modes
 * are never changed. {@link #start} fails closed ({@code SANDBOX_ISOLATION_UNAVAILABLE}) when the namespaces or
 * the mount cannot be made, naming what to fix.
 */
final class WorkHolder implements AutoCloseable {
    private static final long MIB = 1024L * 1024L;
    private static final long READY_SECONDS = 10;
    /** Mounts the tmpfs ($1 the dir, $2 the options) in the new mount namespace, reports, then waits for EOF. */
    private static final String HOLDER = "mount -t tmpfs -o \"$2\" silas-work \"$1\" || exit 125; echo ready; "
            + "while read -r _; do :; done";
    private static final String[] KINDS = {"user", "mnt", "net"};

    private final Process process;
    private final List<FileInputStream> handles;
    private final Map<String, String> paths;
    private final Path hostWorkDir;

    private WorkHolder(Process process, List<FileInputStream> handles, Map<String, String> paths, Path hostWorkDir) {
        this.process = process;
        this.handles = handles;
        this.paths = paths;
        this.hostWorkDir = hostWorkDir;
    }

    /**
     * Starts the holder and mounts the work dir's tmpfs in it.
     *
     * @param unshare  util-linux {@code unshare}
     * @param workDir  the (empty, JVM-owned) host dir the tmpfs is mounted over inside the holder
     * @param network  whether the holder also gets a network namespace (for a user-mode stack)
     */
    static WorkHolder start(Path unshare, Path shPath, Path workDir, int megabytes, int files, boolean network) {
        List<String> cmd = new ArrayList<>(List.of(unshare.toString(), "--user", "--map-root-user", "--mount",
                "--propagation", "private"));
        if (network) {
            cmd.add("--net");
        }
        cmd.addAll(List.of("--", shPath.toString(), "-c", HOLDER, "silas-work-holder", workDir.toString(),
                "nosuid,nodev,size=" + megabytes * MIB + ",nr_inodes=" + files + ",mode=0700"));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().clear();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw unavailable(unshare + " could not be started");
        }
        List<FileInputStream> handles = new ArrayList<>();
        try {
            String said = readyLine(process);
            if (!said.equals("ready")) {
                throw unavailable("the work dir's namespaces could not be made (unshare/mount said: " + said + ")");
            }
            Map<String, String> paths = new LinkedHashMap<>();
            Map<String, Long> inodes = new LinkedHashMap<>();
            for (String kind : KINDS) {
                if (kind.equals("net") && !network) {
                    continue;
                }
                Path nsFile = Path.of("/proc", Long.toString(process.pid()), "ns", kind);
                handles.add(new FileInputStream(nsFile.toFile()));
                long inode = SandboxNamespaces.inode(nsFile);
                if (inode <= 0 || inode == SandboxNamespaces.inode(Path.of("/proc/self/ns", kind))) {
                    throw unavailable("the work dir's " + kind + " namespace is the host's");
                }
                inodes.put(kind, inode);
            }
            if (!process.isAlive()) {
                throw unavailable("the work dir's holder exited");
            }
            Map<String, Integer> fds = SandboxNamespaces.openNamespaceFds();
            long jvm = ProcessHandle.current().pid();
            for (Map.Entry<String, Long> e : inodes.entrySet()) {
                Integer fd = fds.get(e.getKey() + ":[" + e.getValue() + "]");
                if (fd == null) {
                    throw unavailable("no open handle on the work dir's " + e.getKey() + " namespace");
                }
                paths.put(e.getKey(), "/proc/" + jvm + "/fd/" + fd);
            }
            return new WorkHolder(process, handles, paths, workDir);
        } catch (IOException | RuntimeException e) {
            handles.forEach(SandboxNamespaces::closeQuietly);
            stop(process);
            if (e instanceof SilasException se) {
                throw se;
            }
            throw unavailable("the work dir's namespaces could not be pinned (" + e.getMessage() + ")");
        }
    }

    /** The first line the holder prints ("ready"), or what it said instead, within the timeout. */
    private static String readyLine(Process process) {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                InputStream in = process.getInputStream();
                StringBuilder out = new StringBuilder();
                int c;
                while (out.length() < 2000 && (c = in.read()) >= 0 && c != '\n') {
                    out.append((char) c);
                }
                if (!out.toString().equals("ready")) {
                    out.append(' ').append(new String(in.readNBytes(2000), StandardCharsets.UTF_8));
                }
                return out.toString().strip();
            } catch (IOException e) {
                return "(unreadable)";
            }
        });
        try {
            return line.get(READY_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return "(no answer within " + READY_SECONDS + " s)";
        } catch (java.util.concurrent.ExecutionException e) {
            return "(unreadable)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** The {@code nsenter} arguments that enter the holder's namespaces, keeping the JVM's credentials. */
    List<String> enter(Path nsenter, boolean withNetwork) {
        List<String> cmd = new ArrayList<>(List.of(nsenter.toString(), "--user=" + paths.get("user"),
                "--mount=" + paths.get("mnt")));
        if (withNetwork) {
            cmd.add("--net=" + paths.get("net"));
        }
        cmd.addAll(List.of("--preserve-credentials", "--"));
        return cmd;
    }

    /** The handle path of the holder's net namespace, or null without one. */
    @Nullable String netHandle() {
        return paths.get("net");
    }

    /** The handle path of the holder's user namespace. */
    String userHandle() {
        return paths.get("user");
    }

    /** The holder's pid (for a user-mode stack that joins its namespaces by pid). */
    long pid() {
        return process.pid();
    }

    /** Whether the holder (and so the work dir's tmpfs) is still there. */
    boolean alive() {
        return process.isAlive();
    }

    /** Where the JVM sees the work dir's tmpfs: through the holder's root. */
    Path view() {
        return Path.of("/proc", Long.toString(process.pid()), "root").resolve(hostWorkDir.toString().substring(1));
    }

    /** Ends the holder: its mount namespace, and with it the tmpfs and everything in it, goes away. */
    @Override
    public void close() {
        handles.forEach(SandboxNamespaces::closeQuietly);
        // The holder is a shell with no children once it reported ready: killing it ends its namespaces.
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Already gone.
        }
        SandboxNamespaces.kill(process);
    }

    private static SilasException unavailable(String detail) {
        return new SilasException(ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE, "Sandbox isolation is unavailable: the "
                + "disk_limit guarantee needs a size-limited tmpfs in the JVM's own user namespace, and " + detail
                + ". Remedy: allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, "
                + "user.max_user_namespaces > 0) and install util-linux (unshare, nsenter, mount)");
    }
}
