package io.silas.core.stream;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Refuses a turn executor that runs tasks on the submitting thread. Admission queues a turn and then records its
 * inbox row, and the turn waits for that row: run in place, inside {@code submit}, it would wait for itself forever.
 * Two shapes are recognised: a {@link ThreadPoolExecutor} whose saturation policy is
 * {@link ThreadPoolExecutor.CallerRunsPolicy} (it runs in place exactly when the pool is busy), and a same-thread
 * ("direct") executor, found by one probe task that has already run, on the calling thread, when {@code submit}
 * returns. Stateless.
 */
final class CallerRunsCheck {
    private CallerRunsCheck() {
    }

    /**
     * @throws SilasException {@code CONFIG_INVALID} (naming {@code field}) for an executor that runs tasks in place
     */
    static void refuseInPlace(String field, ExecutorService executor) {
        if (executor instanceof ThreadPoolExecutor pool
                && pool.getRejectedExecutionHandler() instanceof ThreadPoolExecutor.CallerRunsPolicy) {
            throw refused(field, "its saturation policy is CallerRunsPolicy");
        }
        Thread caller = Thread.currentThread();
        Future<Thread> probe;
        try {
            probe = executor.submit(Thread::currentThread);
        } catch (RejectedExecutionException e) {
            return; // a shut-down executor fails each turn's hand-off with ADMISSION_SHUTTING_DOWN instead
        }
        if (probe.isDone() && ranOn(probe, caller)) {
            throw refused(field, "it ran a task on the submitting thread");
        }
    }

    private static boolean ranOn(Future<Thread> probe, Thread caller) {
        try {
            return probe.get() == caller;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static SilasException refused(String field, String why) {
        return new SilasException(ErrorCode.CONFIG_INVALID, field + " runs tasks on the calling thread (" + why
                + "); the Stream needs an executor with threads of its own, e.g. Executors.newFixedThreadPool(n)");
    }
}
