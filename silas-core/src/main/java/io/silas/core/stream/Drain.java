package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import io.silas.core.channel.CardPrompter;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.observe.SilasMeter;
import io.silas.core.observe.SilasObserver;
import io.silas.core.schedule.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful drain of {@link Stream#shutdown} (docs/contracts.md#graceful-drain, #errors), in this order:
 * <ol>
 *   <li>stop the pull channels ({@link PullChannel#stop}), so no new message is pulled;</li>
 *   <li>stop admitting: later messages are refused {@code ADMISSION_SHUTTING_DOWN} with a reply, never processed;</li>
 *   <li>resolve every pending card with its safe default ({@code CardPrompter.resolveAllPending}): a pending plan
 *       approval is declined, so no token is minted and the plan never runs;</li>
 *   <li>let queued and running turns finish until the grace period ends, then cancel the rest (stages fail
 *       {@code ADMISSION_SHUTTING_DOWN}, running turns are interrupted, workers released, each audited
 *       {@value #EVENT_TURN_CANCELLED});</li>
 *   <li>wait for in-flight plan decisions and executions within what is left of the grace period; items still
 *       running stay {@code running} in the work item store (stores write through), so the next start resumes them
 *       through their persisted token;</li>
 *   <li>stop the scheduler and the executors the Stream owns (interrupting background executions and their
 *       sandboxes);</li>
 *   <li>audit {@value #EVENT_DRAINED} with the report, then write an audit checkpoint.</li>
 * </ol>
 * Idempotent: the first report is kept and returned by every later call. Thread-safe (calls are serialised).
 */
final class Drain {
    static final String EVENT_TURN_CANCELLED = "turn_cancelled";
    static final String EVENT_DRAINED = "stream_drained";

    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

    private final Basics deps;
    private final @Nullable CardPrompter cards;
    private final ConnectionWorkers workers;
    private final Admission admission;
    private final @Nullable Scheduler scheduler;
    private final List<ExecutorService> owned;
    private final PullChannels pullChannels;
    private @Nullable DrainReport report;

    Drain(Basics deps, @Nullable CardPrompter cards, ConnectionWorkers workers, Admission admission, @Nullable Scheduler scheduler,
          List<ExecutorService> owned, PullChannels pullChannels) {
        this.deps = deps;
        this.cards = cards;
        this.pullChannels = pullChannels;
        this.workers = workers;
        this.admission = admission;
        this.scheduler = scheduler;
        this.owned = List.copyOf(owned);
    }

    synchronized DrainReport run(Duration grace) {
        if (grace == null || grace.isNegative()) {
            throw SilasException.invalid("grace", "must be zero or positive");
        }
        if (report != null) {
            return report;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        pullChannels.stop();
        admission.close();
        int declined = cards == null ? 0 : cards.resolveAllPending();
        long completedBefore = workers.completedCount();
        boolean interrupted = false;
        try {
            workers.awaitIdle(left(deadline));
        } catch (InterruptedException e) {
            interrupted = true;
        }
        List<String> cancelled = workers.cancelAll();
        int finished = (int) (workers.completedCount() - completedBefore);
        for (String scopeId : cancelled) {
            deps.audit().append(EVENT_TURN_CANCELLED, AuditData.scope(scopeId)
                    .put("error_code", ErrorCode.ADMISSION_SHUTTING_DOWN.id()));
        }
        try {
            deps.ops().awaitBackground(left(deadline));
        } catch (InterruptedException e) {
            interrupted = true;
        }
        int backgroundUnfinished = deps.ops().backgroundInFlight();
        stopScheduler();
        owned.forEach(ExecutorService::shutdownNow);
        DrainReport result = new DrainReport(finished, cancelled.size(), declined, admission.rejectedWhileDraining());
        count(result);
        AuditData data = AuditData.create();
        data.put("finished", result.finished());
        data.put("cancelled", result.cancelled());
        data.put("declined", result.declined());
        data.put("rejected", result.rejected());
        data.put("background_unfinished", backgroundUnfinished);
        data.put("grace_seconds", grace.toSeconds());
        deps.audit().append(EVENT_DRAINED, data);
        deps.audit().checkpoint();
        report = result;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    /** Whether a drain has completed. */
    synchronized boolean done() {
        return report != null;
    }

    private void stopScheduler() {
        if (scheduler == null) {
            return;
        }
        try {
            scheduler.close();
        } catch (RuntimeException e) { // a failing host scheduler must not abort the drain
            LOG.warn("Scheduler did not stop cleanly: {}", e.getClass().getSimpleName());
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** Reports the drain's turns by result ({@link SilasMeter#DRAIN_TURNS}). */
    private void count(DrainReport result) {
        SilasObserver observer = deps.ops().observer();
        observer.count(SilasMeter.DRAIN_TURNS, "finished", result.finished());
        observer.count(SilasMeter.DRAIN_TURNS, "cancelled", result.cancelled());
        observer.count(SilasMeter.DRAIN_TURNS, "declined", result.declined());
        observer.count(SilasMeter.DRAIN_TURNS, "rejected", result.rejected());
    }
}
