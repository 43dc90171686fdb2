package io.silas.execution.sandbox;

import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.SandboxConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Sandboxes built ahead of time, so that {@code create} hands out one whose namespaces, run server, cgroups and
 * work dir already exist. A background platform thread keeps up to {@code size} ready members for each of the
 * {@value #MAX_SHAPES} most recently requested shapes (a {@link SandboxConfig} without its artifacts dir: a member
 * gets its artifacts copied when it is taken). Thread-safe.
 *
 * <p><b>Security guarantees.</b> A member is handed out once and never comes back: closing the sandbox destroys
 * it (namespaces, processes, work dir) as before, so nothing a payload leaves behind — a file, a background
 * process, a SysV IPC object, a key — can reach another sandbox, scope or plan. A member is proven before it is
 * handed out: its namespaces were pinned and checked inode for inode when it was built, and a {@code true} run
 * inside it must succeed with proof of isolation; a member that fails is destroyed, never handed out. Sandboxes
 * with network are never pooled.
 */
final class SandboxPool {
    /** How many different shapes the pool keeps members for (the least recently requested is dropped). */
    static final int MAX_SHAPES = 4;
    private static final Path ARTIFACTS_SHAPE = Path.of("/");
    private static final Duration PROOF_TIMEOUT = Duration.ofSeconds(30);
    /** After a member of a shape could not be built, that shape waits this long before the next attempt. */
    private static final long RETRY_NANOS = Duration.ofSeconds(5).toNanos();

    private final int size;
    private final Function<SandboxConfig, SubprocessSandbox> builder;
    private final Map<SandboxConfig, Deque<SubprocessSandbox>> ready = new LinkedHashMap<>(8, 0.75f, true);
    private final Map<SandboxConfig, Long> failedAt = new LinkedHashMap<>();
    private @Nullable Thread filler;

    /**
     * @param size    ready members kept per shape (0: no pool)
     * @param builder builds a member for a shape (the manager's own sandbox construction)
     */
    SandboxPool(int size, Function<SandboxConfig, SubprocessSandbox> builder) {
        this.size = size;
        this.builder = builder;
    }

    /** Whether sandboxes with this config come from the pool. */
    boolean pools(SandboxConfig config) {
        return size > 0 && !config.networkAccess();
    }

    /**
     * The shape a config's members are built with: what the namespaces, mounts and cgroups depend on (network,
     * binds, memory, disk and process limits, whether there are artifacts). What each run takes from the config
     * (timeout, CPU seconds, output cap, environment) is left at the defaults and set when a member is taken; an
     * artifacts dir becomes a fixed marker (the member gets an empty artifacts dir, filled when it is taken).
     */
    static SandboxConfig shape(SandboxConfig config) {
        SandboxConfig d = SandboxConfig.defaults();
        SandboxConfig shape = config.withTimeout(d.timeout()).withMaxCpuSeconds(d.maxCpuSeconds())
                .withMaxOutputBytes(d.maxOutputBytes()).withEnv(d.env());
        return config.artifactsDir() == null ? shape : shape.withArtifactsDir(ARTIFACTS_SHAPE);
    }

    /**
     * A ready member of this config's shape, or null when none is ready (the caller builds one itself). Either
     * way the shape is now wanted and the filler tops it up in the background.
     */
    synchronized @Nullable SubprocessSandbox take(SandboxConfig config) {
        SandboxConfig shape = shape(config);
        Deque<SubprocessSandbox> members = ready.computeIfAbsent(shape, k -> new ArrayDeque<>());
        SubprocessSandbox member = members.pollFirst();
        trimShapes();
        startFiller();
        notifyAll();
        return member;
    }

    /** Drops the least recently requested shapes beyond {@link #MAX_SHAPES}, destroying their members. */
    private void trimShapes() {
        Iterator<Map.Entry<SandboxConfig, Deque<SubprocessSandbox>>> it = ready.entrySet().iterator();
        while (ready.size() > MAX_SHAPES && it.hasNext()) {
            Map.Entry<SandboxConfig, Deque<SubprocessSandbox>> oldest = it.next();
            oldest.getValue().forEach(SubprocessSandbox::close);
            failedAt.remove(oldest.getKey());
            it.remove();
        }
    }

    private void startFiller() {
        if (filler == null) {
            Thread t = new Thread(this::fill, "silas-sandbox-pool");
            t.setDaemon(true);
            filler = t;
            t.start();
        }
    }

    /** The next shape short of members (and not waiting after a failure), or null. */
    private synchronized @Nullable SandboxConfig wanted() {
        long now = System.nanoTime();
        for (Map.Entry<SandboxConfig, Deque<SubprocessSandbox>> e : ready.entrySet()) {
            Long failed = failedAt.get(e.getKey());
            if (e.getValue().size() < size && (failed == null || now - failed > RETRY_NANOS)) {
                return e.getKey();
            }
        }
        return null;
    }

    private void fill() {
        while (true) {
            SandboxConfig shape;
            synchronized (this) {
                while ((shape = wanted()) == null) {
                    try {
                        wait(RETRY_NANOS / 1_000_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            SubprocessSandbox member = proven(shape);
            synchronized (this) {
                Deque<SubprocessSandbox> members = ready.get(shape);
                if (member == null) {
                    failedAt.put(shape, System.nanoTime());
                } else if (members == null || members.size() >= size) {
                    member.close();
                } else {
                    failedAt.remove(shape);
                    members.addLast(member);
                }
            }
        }
    }

    /** A new member that ran {@code true} with proof of isolation, or null (nothing half-built is kept). */
    private @Nullable SubprocessSandbox proven(SandboxConfig shape) {
        SubprocessSandbox member;
        try {
            member = builder.apply(shape);
        } catch (RuntimeException e) {
            return null;
        }
        ProcessResult proof = member.runUnaudited(List.of("true"), PROOF_TIMEOUT, new byte[0]);
        if (!proof.succeeded()) {
            member.close();
            return null;
        }
        return member;
    }
}
