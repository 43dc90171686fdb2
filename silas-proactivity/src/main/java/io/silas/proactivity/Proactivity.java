package io.silas.proactivity;

import io.silas.core.audit.AuditLog;
import io.silas.core.config.SilasConfig;
import io.silas.core.schedule.Scheduler;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Entry point of the proactivity module's defaults (spec §5.1.6, CONTRACTS §12).
 *
 * <pre>{@code
 * Scheduler scheduler = Proactivity.scheduler(config.scheduler(), Clock.systemUTC(), audit);
 * scheduler.schedule("suggestions.heartbeat", Schedule.cron(config.suggestions().heartbeatCron()), heartbeat);
 * scheduler.schedule("connections.health", Schedule.every(Duration.ofMinutes(30)), healthCheck);
 * ...
 * scheduler.close();
 * }</pre>
 *
 * <p>Cron schedules without their own zone are read in the configured {@code scheduler.timezone}.
 */
public final class Proactivity {
    private Proactivity() {
    }

    /**
     * The default scheduler for a configuration: {@link Scheduler#disabled()} when {@code scheduler.enabled} is
     * false, otherwise a scheduler on its own daemon timer thread ({@code silas-scheduler}), in the configured
     * time zone. Jobs run on that one thread, one at a time; {@link Scheduler#close()} stops the thread.
     */
    public static Scheduler scheduler(SilasConfig.Scheduler config, Clock clock, AuditLog audit) {
        Objects.requireNonNull(config, "config");
        if (!config.enabled()) {
            return Scheduler.disabled();
        }
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "silas-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return new TimerScheduler(clock, config.zoneId(), audit, timer, true);
    }

    /**
     * A scheduler on a host-owned executor, which times the jobs and runs them (give it several threads to
     * let slow jobs run side by side). {@link Scheduler#close()} cancels this scheduler's pending runs but
     * leaves the executor running: the host shuts it down.
     *
     * @param zone time zone of cron schedules that name none (normally {@code config.scheduler().zoneId()})
     */
    public static Scheduler scheduler(ZoneId zone, Clock clock, AuditLog audit, ScheduledExecutorService executor) {
        return new TimerScheduler(clock, zone, audit, Objects.requireNonNull(executor, "executor"), false);
    }

    /**
     * A scheduler driven by {@link ManualScheduler#tick()} on the caller's thread: for tests with a movable
     * clock, and for hosts with their own event loop.
     *
     * @param zone time zone of cron schedules that name none
     */
    public static ManualScheduler manualScheduler(ZoneId zone, Clock clock, AuditLog audit) {
        return new TickScheduler(clock, zone, audit);
    }
}
