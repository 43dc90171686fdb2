package io.silas.proactivity;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.CardPrompter;
import io.silas.core.config.SilasConfig;
import io.silas.core.proactivity.AutonomyCalibrator;
import io.silas.core.proactivity.AutonomyThresholds;
import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.proactivity.SuggestionEngine;
import io.silas.core.proactivity.SuggestionSignals;
import io.silas.core.schedule.Scheduler;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Entry point of the proactivity module's defaults (docs/contracts.md#proactivity-and-autonomy).
 *
 * <pre>{@code
 * Scheduler scheduler = Proactivity.scheduler(config.scheduler(), Clock.systemUTC(), audit);
 * SuggestionEngine suggestions = Proactivity.suggestions(config, queue, hostSignals, audit, clock, IdGenerator.random());
 * AutonomyCalibrator calibrator = Proactivity.calibrator(config, AutonomyThresholds.baseline(config), queue,
 *     approvals, audit, clock, IdGenerator.random());
 * Proactivity.heartbeats(config, scopeDirectory, prompter, audit, clock)
 *     .suggestions(suggestions).autonomy(calibrator, approvals).build()
 *     .register(scheduler, OwnerChannel.of("console"));   // or Stream.builder().heartbeats(..): the Stream's owner
 * scheduler.schedule("connections.health", Schedule.every(Duration.ofMinutes(30)), healthCheck);
 * // ... at shutdown:
 * scheduler.close();
 * }</pre>
 *
 * <p>Cron schedules without their own zone are read in the configured {@code scheduler.timezone}.
 */
public final class Proactivity {
    private Proactivity() {
    }

    /**
     * {@return the default scheduler for a configuration: {@link Scheduler#disabled()} when {@code scheduler.enabled} is
     * false, otherwise a scheduler on its own daemon timer thread ({@code silas-scheduler}), in the configured
     * time zone} Jobs run on that one thread, one at a time; {@link Scheduler#close()} stops the thread.
     *
     * @param config the configuration
     * @param clock the clock to read time from
     * @param audit the audit log
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
     * @param clock the clock to read time from
     * @param audit the audit log
     * @param executor the executor
     * @return the scheduler
     */
    public static Scheduler scheduler(ZoneId zone, Clock clock, AuditLog audit, ScheduledExecutorService executor) {
        return new TimerScheduler(clock, zone, audit, Objects.requireNonNull(executor, "executor"), false);
    }

    /**
     * A scheduler driven by {@link ManualScheduler#tick()} on the caller's thread: for tests with a movable
     * clock, and for hosts with their own event loop.
     *
     * @param zone time zone of cron schedules that name none
     * @param clock the clock to read time from
     * @param audit the audit log
     * @return the manual scheduler
     */
    public static ManualScheduler manualScheduler(ZoneId zone, Clock clock, AuditLog audit) {
        return new TickScheduler(clock, zone, audit);
    }

    /**
     * The default suggestion engine: idle suggestions from the host's {@code signals}, post-execution suggestions
     * from {@code next_steps}, pending suggestions in {@code queue}, limits from {@code config.suggestions()} and
     * {@code config.limits()}. Cooldowns and the hourly count are kept in memory (see {@link SuggestionEngine}).
     *
     * <pre>{@code
     * SuggestionEngine suggestions = Proactivity.suggestions(config, stores.reviewQueueStore(), hostSignals,
     *     audit, clock, IdGenerator.random());
     * }</pre>
     *
     * @param config the configuration
     * @param queue the queue
     * @param signals the signals
     * @param audit the audit log
     * @param clock the clock to read time from
     * @param ids the ids
     * @return the suggestion engine
     */
    public static SuggestionEngine suggestions(SilasConfig config, ReviewQueueStore queue, SuggestionSignals signals,
                                               AuditLog audit, Clock clock, IdGenerator ids) {
        Objects.requireNonNull(config, "config");
        return new DefaultSuggestionEngine(Objects.requireNonNull(queue, "queue"),
                Objects.requireNonNull(signals, "signals"), Objects.requireNonNull(audit, "audit"),
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(ids, "ids"),
                SuggestionLimits.of(config.suggestions(), config.limits()));
    }

    /**
     * The default autonomy calibrator: thresholds from {@code config.autonomy()} and
     * {@code config.limits().autonomy_proposals_per_week_per_scope}, starting from {@code baseline} (normally
     * {@link AutonomyThresholds#baseline(SilasConfig)}), proposals in {@code queue}, approvals checked with
     * {@code approvals}. Evidence, current thresholds and weekly counts are kept in memory: after a restart every
     * scope is back at the baseline.
     *
     * @param config the configuration
     * @param baseline the baseline
     * @param queue the queue
     * @param approvals the approvals
     * @param audit the audit log
     * @param clock the clock to read time from
     * @param ids the ids
     * @return the autonomy calibrator
     * @throws io.silas.core.error.SilasException {@code INVALID_INPUT} when the baseline exceeds a hard cap
     */
    public static AutonomyCalibrator calibrator(SilasConfig config, AutonomyThresholds baseline, ReviewQueueStore queue,
                                                ApprovalEngine approvals, AuditLog audit, Clock clock,
                                                IdGenerator ids) {
        Objects.requireNonNull(config, "config");
        return new DefaultAutonomyCalibrator(Objects.requireNonNull(queue, "queue"),
                Objects.requireNonNull(approvals, "approvals"), Objects.requireNonNull(audit, "audit"),
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(ids, "ids"),
                CalibrationPolicy.of(config, Objects.requireNonNull(baseline, "baseline")));
    }

    /**
     * A builder for the heartbeat loops ({@code heartbeat:suggestions}, {@code heartbeat:autonomy}) that poll the
     * host's active scopes and send their cards through {@code prompter}; see {@link Heartbeats}.
     *
     * <pre>{@code
     * Heartbeats heartbeats = Proactivity.heartbeats(config, scopeDirectory, prompter, audit, clock)
     *     .suggestions(suggestions).onSuggestionAccepted(host::planFromSuggestion)
     *     .autonomy(calibrator, approvals)
     *     .build();
     * streamBuilder.ownerConnections("console").heartbeats(heartbeats);   // start() registers them for that owner
     * // without a Stream: heartbeats.register(scheduler, OwnerChannel.of("console"));
     * }</pre>
     *
     * @param config the configuration
     * @param scopes the scopes
     * @param prompter the prompter
     * @param audit the audit log
     * @param clock the clock to read time from
     * @return the heartbeats.builder
     */
    public static Heartbeats.Builder heartbeats(SilasConfig config, ScopeDirectory scopes, CardPrompter prompter,
                                                AuditLog audit, Clock clock) {
        return new Heartbeats.Builder(config, scopes, prompter, audit, clock);
    }
}
