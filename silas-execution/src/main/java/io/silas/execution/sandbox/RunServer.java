package io.silas.execution.sandbox;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The run server of one persistent sandbox: a small Perl program (perl-base, present on every Debian) that
 * runs as root on the host, outside the sandbox, holds the sandbox's pinned namespaces and starts each run's
 * payload with one fork and one exec, instead of a fresh helper chain (shim, setsid, setpriv, nsenter, shell)
 * per run. The server has entered the sandbox's pid namespace for its children only, so the payload is born
 * inside it while the server (its parent, which reaps it and reports its status) stays outside. Requests are argv and env strings as NUL-terminated fields on its stdin, never a shell string.
 * Thread-safe.
 *
 * <p><b>Security guarantees.</b> Before it executes the payload, the payload process enters the sandbox's
 * memory cgroup and its run's own pids cgroup, sets CPU, file-size, open-file and core rlimits, starts a new
 * session, clears supplementary groups, enters the mount, net, ipc, uts, cgroup and (last) user namespaces,
 * empties its capability bounding set, changes to {@code /work}, sets real, effective and saved uid and gid to
 * the sandbox uid (which clears its permitted, effective and ambient capabilities), sets no-new-privs and
 * replaces the environment by exactly the given one; any failing step ends it before the "started" record is
 * written, which makes the run an isolation failure. The server itself is only reachable through its stdin,
 * which only the JVM holds; it verifies at start that the namespaces it holds are the ones the JVM pinned. A
 * payload holds only its stdin, stdout and stderr. When the server process exits, every pending run fails at
 * once (its outcome is unknown) and the server is never used again.
 */
final class RunServer implements Closeable {
    private static final String SCRIPT = script();
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Process process;
    private final OutputStream requests;
    private final Map<Integer, Launch> launches = new ConcurrentHashMap<>();
    private volatile boolean dead;

    private RunServer(Process process) {
        this.process = process;
        this.requests = process.getOutputStream();
    }

    /**
     * How a sandbox starts its run server: {@link RunServer#start} in production. A package-private seam, so
     * that tests can hand the server other namespace handles and see it refused.
     */
    @FunctionalInterface
    interface Starter {
        RunServer start(Path perl, Map<String, String> handles, Map<String, Long> inodes, Path controlDir);
    }

    /** The architecture name the server knows syscall numbers for, or null when it cannot run here. */
    static @org.jspecify.annotations.Nullable String architecture() {
        return switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> null;
        };
    }

    /**
     * Starts the server on the pinned namespace handles and checks that it holds exactly them.
     *
     * @param handles namespace kind ({@code mnt}, {@code user}, ...) to a path of the JVM's open handle
     * @param inodes  namespace kind to the inode the JVM verified
     * @throws SilasException {@code SANDBOX_ISOLATION_UNAVAILABLE} when it cannot start or holds other namespaces
     */
    static RunServer start(Path perl, Map<String, String> handles, Map<String, Long> inodes, Path controlDir) {
        boolean rootless = !Hosts.root();
        List<String> cmd = new ArrayList<>(List.of(perl.toString(), "-e", SCRIPT, "--", architecture(),
                rootless ? "rootless" : "root"));
        handles.forEach((kind, path) -> cmd.add(kind + "=" + path));
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().clear();
        builder.directory(controlDir.toFile());
        builder.redirectError(controlDir.resolve("server.err").toFile());
        Process process;
        try {
            process = SpawnThread.start(builder);
        } catch (IOException e) {
            throw unavailable("the run server could not be started");
        }
        RunServer server = new RunServer(process);
        // Its exit, not the end of its output, marks it dead: a payload killed between fork and exec, or any
        // other holder of the reply pipe, must not hide a dead server.
        process.onExit().thenRun(server::exited);
        CompletableFuture<String> hello = new CompletableFuture<>();
        Thread reader = new Thread(() -> server.readReplies(hello), "silas-sandbox-run-server");
        reader.setDaemon(true);
        reader.start();
        StringBuilder expected = new StringBuilder("server");
        new java.util.TreeMap<>(inodes).forEach((kind, inode) -> expected.append(' ').append(kind).append(':').append(inode));
        try {
            String line = hello.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!(rootless ? outerUserNamespace(line, expected.toString(), inodes.get("user"))
                    : expected.toString().equals(line))) {
                throw new IOException("the run server holds other namespaces");
            }
            return server;
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            server.close();
            throw unavailable("the run server did not start on the pinned namespaces");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw unavailable("interrupted while starting the run server");
        }
    }

    /**
     * Whether a rootless server's greeting names exactly the pinned namespaces and then an outer user namespace
     * that is neither the pinned one nor the JVM's.
     */
    private static boolean outerUserNamespace(@org.jspecify.annotations.Nullable String line, String expected,
                                              @org.jspecify.annotations.Nullable Long inner) {
        String prefix = expected + " parent:";
        if (line == null || inner == null || !line.startsWith(prefix)) {
            return false;
        }
        try {
            long outer = Long.parseLong(line.substring(prefix.length()));
            return outer > 0 && outer != inner && outer != SandboxNamespaces.inode(Path.of("/proc/self/ns/user"));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * What one run asks for; every string becomes one field, never part of a shell command.
     *
     * @param addressSpace {@code RLIMIT_AS} in bytes, 0 for none (a memory cgroup limits memory)
     * @param processes    {@code RLIMIT_NPROC} inside the sandbox's user namespace (rootless), 0 for none
     */
    record Request(int id, Path stdout, Path stderr, Path stdin, Path status, int cpuSoft, int cpuHard,
                   long fileSize, int openFiles, long addressSpace, int processes, int uid, List<Path> cgroupProcs,
                   List<String> env, List<String> argv) {
    }

    /**
     * The replies to one run: {@code ready} completes with true once its output fifos exist (false when nothing
     * was started); {@code exit} with the payload's status (128 + signal when killed; 125 when the set-up
     * failed). Both complete exceptionally when the server dies.
     */
    record Launch(CompletableFuture<Boolean> ready, CompletableFuture<Integer> exit) {
    }

    /** Sends a run request. */
    Launch launch(Request r) throws IOException {
        Launch launch = new Launch(new CompletableFuture<>(), new CompletableFuture<>());
        launches.put(r.id(), launch);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        field(buf, "run");
        field(buf, Integer.toString(r.id()));
        for (Path p : List.of(r.stdout(), r.stderr(), r.stdin(), r.status())) {
            field(buf, p.toString());
        }
        for (long n : new long[] {r.cpuSoft(), r.cpuHard(), r.fileSize(), r.openFiles(), r.addressSpace(),
                r.processes(), r.uid()}) {
            field(buf, Long.toString(n));
        }
        list(buf, r.cgroupProcs().stream().map(Path::toString).toList());
        list(buf, r.env());
        list(buf, r.argv());
        send(buf);
        if (dead) {
            failAll();
        }
        return launch;
    }

    /** Tells the server the JVM holds the run's output fifos, so it drops its own handles (EOF can come). */
    void opened(int id) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        field(buf, "opened");
        field(buf, Integer.toString(id));
        send(buf);
    }

    /**
     * Ends a run's whole process tree (rootless, where no run cgroup exists): the server kills the run's parent,
     * whose death kills the run's init and with it every process in the run's pid namespace.
     */
    void kill(int id) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        field(buf, "kill");
        field(buf, Integer.toString(id));
        try {
            send(buf);
        } catch (IOException e) {
            // The server is gone: the sandbox is no longer used, and closing it (its init's death) ends every run.
        }
    }

    /** Forgets a finished run. */
    void forget(int id) {
        launches.remove(id);
    }

    boolean alive() {
        return !dead && process.isAlive();
    }

    /** The server's host pid. */
    long pid() {
        return process.pid();
    }

    private void exited() {
        dead = true;
        failAll();
    }

    /** Stops the server (closing its stdin ends it); runs already started keep their own processes. */
    @Override
    public void close() {
        dead = true;
        try {
            requests.close();
        } catch (IOException ignored) {
            // Already gone.
        }
        process.destroyForcibly();
        failAll();
    }

    private void send(ByteArrayOutputStream buf) throws IOException {
        synchronized (requests) {
            requests.write(buf.toByteArray());
            requests.flush();
        }
    }

    private void readReplies(CompletableFuture<String> hello) {
        try (InputStream in = process.getInputStream();
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            hello.complete(reader.readLine());
            String line;
            while ((line = reader.readLine()) != null) {
                dispatch(line.split(" "));
            }
        } catch (IOException | RuntimeException ignored) {
            // The server is gone: every pending run fails below.
        } finally {
            hello.complete(null);
            dead = true;
            failAll();
        }
    }

    private void dispatch(String[] reply) {
        if (reply.length < 2) {
            return;
        }
        Launch launch = launches.get(Integer.parseInt(reply[1]));
        if (launch == null) {
            return;
        }
        switch (reply[0]) {
            case "ready" -> launch.ready().complete(true);
            case "failed" -> {
                launch.ready().complete(false);
                launch.exit().complete(125);
            }
            case "exit" -> {
                launch.ready().complete(true);
                launch.exit().complete(Integer.parseInt(reply[2]));
            }
            default -> {
                // Unknown replies are ignored; the run then ends at its timeout as unknown.
            }
        }
    }

    private void failAll() {
        IOException gone = new IOException("the run server exited");
        launches.values().forEach(l -> {
            l.ready().complete(false);
            l.exit().completeExceptionally(gone);
        });
    }

    private static void list(ByteArrayOutputStream buf, List<String> values) {
        field(buf, Integer.toString(values.size()));
        values.forEach(v -> field(buf, v));
    }

    private static void field(ByteArrayOutputStream buf, String value) {
        if (value.indexOf('\0') >= 0) {
            throw SilasException.invalid("argv", "arguments must not contain NUL bytes");
        }
        buf.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        buf.write(0);
    }

    private static String script() {
        try (InputStream in = RunServer.class.getResourceAsStream("run-server.pl")) {
            if (in == null) {
                throw new IllegalStateException("run-server.pl is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read run-server.pl", e);
        }
    }

    private static SilasException unavailable(String detail) {
        return new SilasException(ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE,
                "the sandbox could not prove isolation: " + detail);
    }
}
