package io.silas.proactivity;

import io.silas.core.audit.AuditLog;
import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link Scheduler}: one one-shot timer task per job on a {@link ScheduledExecutorService}, re-armed
 * after each run from the next planned time. Delays are computed from the injected clock; a timer that fires
 * before the clock reaches the planned time re-arms for the remainder, so a job never runs early.
 */
final class TimerScheduler extends TableScheduler {
    private final ScheduledExecutorService timer;
    private final boolean ownsTimer;

    TimerScheduler(Clock clock, ZoneId zone, AuditLog audit, ScheduledExecutorService timer, boolean ownsTimer) {
        super(clock, zone, audit);
        this.timer = timer;
        this.ownsTimer = ownsTimer;
    }

    @Override
    public ScheduledJob schedule(String name, Schedule when, Runnable job) {
        synchronized (table) {
            PlannedJob planned = table.register(name, when, job);
            arm(planned);
            return planned.snapshot();
        }
    }

    @Override
    public void close() {
        table.close();
        if (ownsTimer) {
            timer.shutdownNow();
        }
    }

    /** Arms the job's next run; called with the table's lock held. */
    private void arm(PlannedJob job) {
        @Nullable Instant next = job.nextRunAt();
        if (next == null) {
            job.pending(null);
            return;
        }
        long delay = Math.max(0, Duration.between(table.now(), next).toNanos());
        try {
            job.pending(timer.schedule(() -> fire(job, next), delay, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            job.pending(null);
        }
    }

    private void fire(PlannedJob job, Instant planned) {
        if (table.now().isBefore(planned)) {
            rearmIfCurrent(job);
            return;
        }
        if (table.runAndReplan(job, planned)) {
            rearmIfCurrent(job);
        }
    }

    private void rearmIfCurrent(PlannedJob job) {
        synchronized (table) {
            if (table.isCurrent(job)) {
                arm(job);
            }
        }
    }
}
