package io.silas.proactivity;

import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * One registration of a named job: its schedule, its body and its next planned run. A replacement under the
 * same name is a new {@code PlannedJob}, so a stale timer task can tell it is no longer current by identity.
 * Mutable fields are guarded by the owning {@link JobTable}'s lock.
 */
final class PlannedJob {
    final String name;
    final Schedule schedule;
    final Runnable body;
    private final @Nullable CronTimes cron;
    private @Nullable Instant nextRunAt;
    private @Nullable ScheduledFuture<?> pending;

    PlannedJob(String name, Schedule schedule, Runnable body, ZoneId defaultZone, Instant registeredAt) {
        this.name = name;
        this.schedule = schedule;
        this.body = body;
        if (schedule instanceof Schedule.Cron c) {
            this.cron = CronTimes.parse(c.expression(), c.zone() != null ? c.zone() : defaultZone);
            this.nextRunAt = cron.nextAfter(registeredAt).orElse(null);
        } else {
            this.cron = null;
            this.nextRunAt = registeredAt.plus(((Schedule.FixedRate) schedule).initialDelay());
        }
    }

    @Nullable Instant nextRunAt() {
        return nextRunAt;
    }

    /**
     * Plans the run after the one planned for {@code planned}: the next cron match or the next period boundary
     * strictly after {@code now}, so runs missed while busy are skipped rather than replayed.
     */
    void replan(Instant planned, Instant now) {
        if (cron != null) {
            Instant next = cron.nextAfter(planned).orElse(null);
            nextRunAt = next == null || next.isAfter(now) ? next : cron.nextAfter(now).orElse(null);
            return;
        }
        Duration period = ((Schedule.FixedRate) schedule).period();
        Instant next = planned.plus(period);
        if (!next.isAfter(now)) {
            long behind = Duration.between(planned, now).toNanos() / period.toNanos();
            next = planned.plus(period.multipliedBy(behind + 1));
        }
        nextRunAt = next;
    }

    void pending(@Nullable ScheduledFuture<?> future) {
        this.pending = future;
    }

    void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    ScheduledJob snapshot() {
        return new ScheduledJob(name, schedule, nextRunAt);
    }
}
