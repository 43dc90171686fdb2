package io.silas.execution.sandbox;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The user-mode stack of one sandbox with network: a slirp4netns process attached to the sandbox's pinned net
 * namespace (host loopback disabled, its own mount namespace and seccomp filter), and the namespace's fenced
 * routes ({@link SandboxNetwork#routes()}). It stops when closed, and when the JVM dies (its exit fd is the
 * JVM's end of a pipe).
 */
final class NetworkStack implements Closeable {
    private static final long READY_TIMEOUT_SECONDS = 10;
    private static final String SH = "/bin/sh";
    private static final String TAP = "tap0";
    /** Opens the ready file as fd 3 for slirp4netns's {@code --ready-fd} (its stdout also carries log lines). */
    private static final String READY_SHIM = "exec 3>\"$0\" || exit 125; exec \"$@\"";

    private final Process slirp;

    private NetworkStack(Process slirp) {
        this.slirp = slirp;
    }

    /**
     * Attaches the stack to the net namespace at {@code netHandle} and fences its routes.
     *
     * @throws SilasException {@code SANDBOX_ISOLATION_UNAVAILABLE} when either step fails
     */
    static NetworkStack attach(SandboxNetwork network, long initPid, String netHandle, Path controlDir) {
        return attach(network, initPid, netHandle, controlDir, null);
    }

    /**
     * As {@link #attach(SandboxNetwork, long, String, Path)}; with {@code userHandle} (a rootless sandbox, whose
     * net namespace belongs to a user namespace the JVM's uid owns) slirp4netns joins that user namespace through
     * the pid and the routes are set from inside it.
     */
    static NetworkStack attach(SandboxNetwork network, long initPid, String netHandle, Path controlDir,
                               @org.jspecify.annotations.Nullable String userHandle) {
        Path readyFile = controlDir.resolve("net-ready");
        List<String> cmd = new java.util.ArrayList<>(List.of(SH, "-c", READY_SHIM, readyFile.toString(),
                network.slirp4netnsPath().toString(), "--configure", "--mtu=65520", "--disable-host-loopback",
                "--enable-sandbox", "--enable-seccomp", "--ready-fd=3", "--exit-fd=0"));
        if (userHandle == null) {
            cmd.addAll(List.of("--netns-type=path", "/proc/" + initPid + "/ns/net", TAP));
        } else {
            cmd.addAll(List.of(Long.toString(initPid), TAP));
        }
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().clear();
        builder.directory(controlDir.toFile());
        builder.redirectOutput(controlDir.resolve("slirp4netns.out").toFile());
        builder.redirectError(controlDir.resolve("slirp4netns.err").toFile());
        Process slirp;
        try {
            slirp = SpawnThread.start(builder);
        } catch (IOException e) {
            throw unavailable("slirp4netns could not be started");
        }
        NetworkStack stack = new NetworkStack(slirp);
        try {
            if (!ready(readyFile, slirp)) {
                throw unavailable("slirp4netns did not configure the sandbox's network");
            }
            fence(network, netHandle, userHandle);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Waits for slirp4netns's ready byte (it writes "1" once the namespace's interface is configured). */
    private static boolean ready(Path readyFile, Process slirp) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        try {
            while (System.nanoTime() < deadline && slirp.isAlive()) {
                if (Files.exists(readyFile) && Files.size(readyFile) > 0) {
                    return Files.readString(readyFile, StandardCharsets.US_ASCII).startsWith("1");
                }
                Thread.sleep(1);
            }
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Adds the unreachable routes (and the host's allowed networks) inside the pinned namespace, after checking
     * that the stack's interface is there: slirp4netns found the namespace through the init's pid, so this proves
     * it attached to exactly the pinned one.
     */
    private static void fence(SandboxNetwork network, String netHandle,
                              @org.jspecify.annotations.Nullable String userHandle) {
        List<String> cmd = new java.util.ArrayList<>(List.of(network.nsenterPath().toString()));
        if (userHandle != null) {
            cmd.addAll(List.of("--user=" + userHandle, "--preserve-credentials"));
        }
        cmd.addAll(List.of("--net=" + netHandle, "--", network.ipPath().toString(), "-batch", "-"));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().clear();
        try {
            Process ip = builder.start();
            try (OutputStream in = ip.getOutputStream()) {
                in.write(("link show dev " + TAP + "\n" + network.routes(hostAddresses()))
                        .getBytes(StandardCharsets.US_ASCII));
            }
            String said = new String(ip.getInputStream().readNBytes(2000), StandardCharsets.UTF_8).strip();
            if (!ip.waitFor(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                ip.destroyForcibly();
                throw unavailable("setting the sandbox's routes did not finish");
            }
            if (ip.exitValue() != 0) {
                throw unavailable("the sandbox's routes could not be set (ip said: " + said + ")");
            }
        } catch (IOException e) {
            throw unavailable("the sandbox's routes could not be set (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while setting the sandbox's routes");
        }
    }

    /** This host's IPv4 addresses, on every interface. */
    private static List<String> hostAddresses() throws IOException {
        List<String> addresses = new java.util.ArrayList<>();
        for (java.net.NetworkInterface nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (java.net.InetAddress address : java.util.Collections.list(nif.getInetAddresses())) {
                if (address instanceof java.net.Inet4Address) {
                    addresses.add(address.getHostAddress());
                }
            }
        }
        return addresses;
    }

    /** Stops the stack (the sandbox then has no way out). */
    @Override
    public void close() {
        try {
            slirp.getOutputStream().close();
        } catch (IOException ignored) {
            // Already gone.
        }
        slirp.destroyForcibly();
        try {
            slirp.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SilasException unavailable(String detail) {
        return new SilasException(ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE,
                "the sandbox could not prove isolation: " + detail);
    }
}
