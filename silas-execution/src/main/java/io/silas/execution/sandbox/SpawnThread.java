package io.silas.execution.sandbox;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts every sandbox process from one long-lived platform thread. bubblewrap's {@code --die-with-parent}
 * uses {@code PR_SET_PDEATHSIG}, which fires when the <em>thread</em> that spawned it exits; a pool thread
 * that retires (or a virtual thread) would kill running sandboxes at random.
 */
final class SpawnThread {
    private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "silas-sandbox-spawner");
        t.setDaemon(true);
        return t;
    });

    private SpawnThread() {
    }

    /** Starts the process on the spawner thread. */
    static Process start(ProcessBuilder builder) throws IOException {
        Future<Process> future = SPAWNER.submit(builder::start);
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "could not start the sandbox process", e.getCause());
        } catch (InterruptedException e) {
            killWhenStarted(future);
            Thread.currentThread().interrupt();
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "interrupted while starting the sandbox process", e);
        }
    }

    /** The caller gave up waiting: make sure a process that still starts does not outlive the call. */
    private static void killWhenStarted(Future<Process> future) {
        Thread reaper = new Thread(() -> {
            try {
                future.get().destroyForcibly();
            } catch (ExecutionException | InterruptedException ignored) {
                // Nothing was started, or the JVM is shutting down: nothing to kill.
            }
        }, "silas-sandbox-reaper");
        reaper.setDaemon(true);
        reaper.start();
    }
}
