package io.silas.postgres;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTaskWithPersistentSchedule;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Scheduler} for a cluster, on db-scheduler: every JVM registers the same jobs (the Stream registers the
 * heartbeats, goal cron and recovery jobs at start), each job is one row of {@code scheduled_tasks}, and each tick
 * is picked by exactly one JVM — heartbeats, goal cycles and recovery run once per tick across the cluster. A JVM
 * renews a heartbeat on the rows it runs; when it dies (even by {@code kill -9}) its run is revived on another JVM
 * after {@code heartbeat × missed limit}.
 *
 * <p>The {@link Scheduler} contract holds with these cluster readings: a job never overlaps itself anywhere in the
 * cluster; {@link #schedule} of a name another JVM registered keeps the stored plan unless the schedule changed;
 * {@link #cancel} cancels the job for the whole cluster; {@link #close()} stops this JVM from running jobs (the rows
 * stay for the others). A tick picked by a JVM that has no job of that name registered is logged and skipped (so
 * every JVM must register the same jobs). A job that throws is logged (class only) and audited as
 * {@code scheduled_job_failed}, and keeps its schedule.
 *
 * <p><b>Security guarantees.</b> Job code never travels through the database: a row names a job, and each JVM runs
 * only the {@link Runnable} registered in it under that name, so a database writer can at most move or drop ticks.
 */
public final class PostgresScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresScheduler.class);
    static final String TASK = "silas-job";

    private final com.github.kagkarlsson.scheduler.Scheduler scheduler;
    private final RecurringTaskWithPersistentSchedule<JobPlan> task;
    private final Map<String, Registered> jobs = new ConcurrentHashMap<>();
    private final AuditLog audit;
    private final String nodeId;
    private final AtomicBoolean closed = new AtomicBoolean();

    private record Registered(Schedule schedule, Runnable job) {
    }

    private PostgresScheduler(PostgresStores stores, AuditLog audit, Duration pollingInterval, Duration heartbeat) {
        this.audit = audit;
        this.nodeId = stores.nodeId();
        this.task = Tasks.recurringWithPersistentSchedule(TASK, JobPlan.class).onDeadExecutionRevive()
                .execute((instance, context) -> run(instance.getId()));
        this.scheduler = com.github.kagkarlsson.scheduler.Scheduler.create(stores.dataSource(), List.of(task))
                .tableName("scheduled_tasks")
                .schedulerName(new SchedulerName.Fixed(nodeId))
                .pollingInterval(pollingInterval)
                .heartbeatInterval(heartbeat)
                .missedHeartbeatsLimit(4)
                .threads(4)
                .shutdownMaxWait(Duration.ofSeconds(5))
                .build();
        scheduler.start();
    }

    /**
     * Starts this JVM's scheduler on the stores' database (polling every second, heartbeat every 5 s: a dead JVM's run
     * is revived after about 20 s).
     *
     * @param stores the stores
     * @param audit the audit log
     * @return the postgres scheduler
     */
    public static PostgresScheduler start(PostgresStores stores, AuditLog audit) {
        return start(stores, audit, Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    /**
     * {@link #start(PostgresStores, AuditLog)} with explicit polling and heartbeat intervals.
     *
     * @param stores the stores
     * @param audit the audit log
     * @param pollingInterval the polling interval
     * @param heartbeat the heartbeat
     * @return the postgres scheduler
     */
    public static PostgresScheduler start(PostgresStores stores, AuditLog audit, Duration pollingInterval,
                                          Duration heartbeat) {
        if (stores == null || audit == null) {
            throw SilasException.invalid(stores == null ? "stores" : "audit", "must not be null");
        }
        if (pollingInterval == null || pollingInterval.toMillis() < 10 || heartbeat == null
                || heartbeat.toMillis() < 10) {
            throw SilasException.invalid("interval", "polling and heartbeat intervals must be at least 10 ms");
        }
        return new PostgresScheduler(stores, audit, pollingInterval, heartbeat);
    }

    @Override
    public ScheduledJob schedule(String name, Schedule when, Runnable job) {
        Scheduler.requireValidName(name);
        if (when == null || job == null) {
            throw SilasException.invalid(when == null ? "schedule" : "job", "must not be null");
        }
        if (closed.get()) {
            throw SilasException.invalid("scheduler", "is closed");
        }
        JobPlan plan = JobPlan.of(when);
        Instant first = plan.getSchedule().getInitialExecutionTime(Instant.now());
        try {
            jobs.put(name, new Registered(when, job));
            TaskInstanceId id = TaskInstanceId.of(TASK, name);
            Optional<ScheduledExecution<Object>> stored = scheduler.getScheduledExecution(id);
            if (stored.isEmpty()) {
                scheduler.scheduleIfNotExists(task.instance(name, plan), first);
            } else if (!plan.equals(stored.get().getData()) && !stored.get().isPicked()) {
                scheduler.reschedule(id, first, plan);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw SilasException.invalid("schedule", "cannot plan job " + name + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new SilasException(ErrorCode.DB_FAILURE, "cannot store job " + name + ": " + e.getMessage(), e);
        }
        return new ScheduledJob(name, when, nextRun(name));
    }

    @Override
    public void cancel(String name) {
        Scheduler.requireValidName(name);
        jobs.remove(name);
        TaskInstanceId id = TaskInstanceId.of(TASK, name);
        if (scheduler.getScheduledExecution(id).isPresent()) {
            scheduler.cancel(id);
        }
    }

    @Override
    public List<ScheduledJob> jobs() {
        List<ScheduledJob> out = new ArrayList<>();
        jobs.forEach((name, registered) -> out.add(new ScheduledJob(name, registered.schedule(), nextRun(name))));
        out.sort(Comparator.comparing(ScheduledJob::name));
        return List.copyOf(out);
    }

    private @Nullable Instant nextRun(String name) {
        return scheduler.getScheduledExecution(TaskInstanceId.of(TASK, name))
                .map(ScheduledExecution::getExecutionTime).orElse(null);
    }

    /** Runs this JVM's job of the name for the tick db-scheduler picked here. */
    private void run(String name) {
        Registered registered = jobs.get(name);
        if (registered == null) {
            LOG.warn("job {} is not registered on node {}; this tick is skipped", name, nodeId);
            return;
        }
        try {
            registered.job().run();
        } catch (RuntimeException e) {
            LOG.warn("scheduled job {} failed on node {}: {}", name, nodeId, e.getClass().getName());
            audit.append("scheduled_job_failed", Map.of("job", name, "exception", e.getClass().getName(),
                    "node", nodeId));
        }
    }

    /** Stops this JVM's scheduler; the jobs' rows stay for the other JVMs. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            scheduler.stop();
        }
    }
}
