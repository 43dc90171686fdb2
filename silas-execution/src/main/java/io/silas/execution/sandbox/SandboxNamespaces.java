package io.silas.execution.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The long-lived namespaces of one sandbox: a bubblewrap sandbox whose pid 1 only reaps orphans, and the JVM's
 * open handles on each of its namespaces. Runs enter exactly these namespaces through the handles (paths
 * {@code /proc/<jvm pid>/fd/<n>}), never through the init's pid, so a dead init whose pid is reused cannot send
 * a run into another process's namespaces. Thread-safe.
 *
 * <p><b>Security guarantees.</b> {@link #start} fails closed unless bubblewrap reported its sandbox and the
 * namespaces the JVM pinned are exactly the ones bubblewrap reported (inode for inode), with pid, mount, user
 * and net namespaces different from the JVM's. With network, the user-mode stack is attached to the pinned net
 * namespace and its routes are fenced ({@link SandboxNetwork}) before the run server starts, so no run ever
 * sees the namespace unfenced. The init runs from execute-only
 * copies of the shell and {@code sleep}, so it is not dumpable and a run (same uid, no capabilities) cannot
 * ptrace it to leave code behind outside its own run cgroup.
 */
final class SandboxNamespaces implements Closeable {
    /** The kinds runs enter, with bubblewrap's status key (null: not reported). */
    private static final List<String[]> KINDS = List.of(
            new String[] {"user", null},
            new String[] {"mnt", "mnt-namespace"},
            new String[] {"net", "net-namespace"},
            new String[] {"pid", "pid-namespace"},
            new String[] {"ipc", "ipc-namespace"},
            new String[] {"uts", "uts-namespace"},
            new String[] {"cgroup", "cgroup-namespace"});
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Process bwrap;
    private final ProcessHandle init;
    private final List<FileInputStream> handles;
    private final RunServer server;
    private final long netNamespace;
    private final long pidNamespace;
    private final @Nullable NetworkStack stack;

    private SandboxNamespaces(Process bwrap, ProcessHandle init, List<FileInputStream> handles,
                              RunServer server, long netNamespace, long pidNamespace, @Nullable NetworkStack stack) {
        this.stack = stack;
        this.bwrap = bwrap;
        this.init = init;
        this.handles = handles;
        this.server = server;
        this.netNamespace = netNamespace;
        this.pidNamespace = pidNamespace;
    }

    /**
     * Starts bubblewrap with {@code command} (whose status goes to its stdout), pins its namespaces and starts
     * the {@link RunServer} on them; with {@code network}, first attaches the user-mode stack to the net namespace.
     *
     * @throws SilasException {@code SANDBOX_ISOLATION_UNAVAILABLE} when the sandbox cannot be proven
     */
    static SandboxNamespaces start(List<String> command, Path perl, Path controlDir,
                                   @Nullable SandboxNetwork network, RunServer.Starter starter) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.directory(controlDir.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.redirectError(controlDir.resolve("init.err").toFile());
        Process process;
        try {
            process = SpawnThread.start(builder);
        } catch (IOException e) {
            throw failed("the sandbox helper could not be started", controlDir);
        }
        List<FileInputStream> handles = new ArrayList<>();
        NetworkStack stack = null;
        try {
            JsonNode record = firstRecord(process);
            long initPid = record == null ? -1 : record.path("child-pid").asLong(-1);
            if (initPid <= 0) {
                throw failed("bubblewrap did not report its sandbox", controlDir);
            }
            Map<String, String> paths = new LinkedHashMap<>();
            Map<String, Long> verified = new LinkedHashMap<>();
            long jvmPid = ProcessHandle.current().pid();
            for (String[] kind : KINDS) {
                Path nsFile = Path.of("/proc", Long.toString(initPid), "ns", kind[0]);
                handles.add(new FileInputStream(nsFile.toFile()));
                long inode = inode(nsFile);
                long host = inode(Path.of("/proc/self/ns", kind[0]));
                boolean reported = kind[1] != null && record.has(kind[1]);
                if (reported ? record.path(kind[1]).asLong(-1) != inode : kind[1] != null) {
                    throw failed("the " + kind[0] + " namespace changed before it was pinned", controlDir);
                }
                if (inode <= 0 || inode == host) {
                    throw failed("the " + kind[0] + " namespace is the host's", controlDir);
                }
                verified.put(kind[0], inode);
            }
            Map<String, Integer> fds = openNamespaceFds();
            for (String[] kind : KINDS) {
                Integer fd = fds.get(kind[0] + ":[" + verified.get(kind[0]) + "]");
                if (fd == null) {
                    throw failed("no open handle on the " + kind[0] + " namespace", controlDir);
                }
                paths.put(kind[0], "/proc/" + jvmPid + "/fd/" + fd);
            }
            ProcessHandle init = ProcessHandle.of(initPid).filter(ProcessHandle::isAlive)
                    .orElseThrow(() -> failed("the sandbox init exited", controlDir));
            if (network != null) {
                stack = NetworkStack.attach(network, initPid, paths.get("net"), controlDir);
            }
            RunServer server = starter.start(perl, paths, verified, controlDir);
            return new SandboxNamespaces(process, init, handles, server, verified.get("net"), verified.get("pid"),
                    stack);
        } catch (IOException | RuntimeException e) {
            if (stack != null) {
                stack.close();
            }
            handles.forEach(SandboxNamespaces::closeQuietly);
            kill(process);
            if (e instanceof SilasException se) {
                throw se;
            }
            throw failed("cannot pin the sandbox namespaces (" + e.getMessage() + ")", controlDir);
        }
    }

    /** The server that starts runs in these namespaces. */
    RunServer server() {
        return server;
    }

    /** Whether bubblewrap's init and the run server are still running. */
    boolean alive() {
        return init.isAlive() && server.alive();
    }

    /** The proof of a run in these namespaces, with the payload's exit status (null when unknown). */
    BwrapStatus proof(@Nullable Integer exitCode) {
        return new BwrapStatus(init.pid(), netNamespace, pidNamespace, exitCode);
    }

    /** Sends SIGKILL to the run server and the init (whose death kills every process in the pid namespace). */
    void kill() {
        server.close();
        init.destroyForcibly();
    }

    /** Kills the init (which kills every process in the sandbox's pid namespace) and releases the handles. */
    @Override
    public void close() {
        // Killing the init kills every process in the pid namespace; bubblewrap's monitor then reaps it and
        // exits, leaving nothing in the sandbox's cgroups. Kill the monitor only if it does not.
        server.close();
        init.destroyForcibly();
        try {
            bwrap.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill(bwrap);
        if (stack != null) {
            stack.close();
        }
        handles.forEach(SandboxNamespaces::closeQuietly);
    }

    /**
     * bubblewrap's setup record, once the init has also reported "ready" (bubblewrap reports the child before
     * it has finished its setup, e.g. before entering the nested user namespace of {@code --disable-userns}).
     */
    private static @Nullable JsonNode firstRecord(Process process) throws IOException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                String record = reader.readLine();
                return "ready".equals(reader.readLine()) ? record : null;
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String text = line.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return text == null || text.isBlank() ? null : Json.mapper().readTree(text);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The JVM's open fds by link target ({@code net:[inode]}, ...); the handles just opened are among them. */
    static Map<String, Integer> openNamespaceFds() throws IOException {
        Map<String, Integer> byTarget = new LinkedHashMap<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    byTarget.putIfAbsent(Files.readSymbolicLink(fd).toString(),
                            Integer.parseInt(fd.getFileName().toString()));
                } catch (IOException | NumberFormatException ignored) {
                    // Closed while listing, or not an fd entry.
                }
            }
        }
        return byTarget;
    }

    static long inode(Path nsLink) {
        try {
            String link = Files.readSymbolicLink(nsLink).toString();
            return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static void kill(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(FileInputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing to release.
        }
    }

    private static SilasException failed(String detail, Path controlDir) {
        String helper = "";
        try {
            List<String> lines = Files.readAllLines(controlDir.resolve("init.err"), StandardCharsets.UTF_8);
            helper = lines.isEmpty() ? "" : "; helper said: " + lines.get(0);
        } catch (IOException ignored) {
            // No helper output.
        }
        return new SilasException(ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE,
                "the sandbox could not prove isolation: " + detail + helper);
    }
}
