package io.silas.proactivity;

import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.SilasException;
import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state both schedulers share: the named jobs, their planning, and the guarded run that logs and audits a
 * failing job without losing its schedule. Thread-safe; structural changes hold this table's lock, job bodies
 * run outside it.
 */
final class JobTable {
    /** Audit event of a job that threw. */
    static final String JOB_FAILED = "scheduled_job_failed";

    private static final Logger LOG = LoggerFactory.getLogger(JobTable.class);

    private final Clock clock;
    private final ZoneId zone;
    private final AuditLog audit;
    private final Map<String, PlannedJob> jobs = new TreeMap<>();
    private boolean closed;

    JobTable(Clock clock, ZoneId zone, AuditLog audit) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    Instant now() {
        return clock.instant();
    }

    /** Registers a job, replacing (and cancelling the pending run of) any job of the same name. */
    synchronized PlannedJob register(String name, Schedule when, Runnable body) {
        Scheduler.requireValidName(name);
        if (when == null) {
            throw SilasException.invalid("schedule", "is required");
        }
        if (body == null) {
            throw SilasException.invalid("job", "is required");
        }
        if (closed) {
            throw SilasException.invalid("scheduler", "is closed");
        }
        PlannedJob job = new PlannedJob(name, when, body, zone, clock.instant());
        PlannedJob previous = jobs.put(name, job);
        if (previous != null) {
            previous.cancelPending();
        }
        return job;
    }

    synchronized void cancel(String name) {
        Scheduler.requireValidName(name);
        PlannedJob job = jobs.remove(name);
        if (job != null) {
            job.cancelPending();
        }
    }

    synchronized boolean isCurrent(PlannedJob job) {
        return !closed && jobs.get(job.name) == job;
    }

    synchronized List<ScheduledJob> snapshots() {
        return jobs.values().stream().map(PlannedJob::snapshot).toList();
    }

    synchronized Optional<ScheduledJob> snapshot(String name) {
        return Optional.ofNullable(jobs.get(name)).map(PlannedJob::snapshot);
    }

    /** Jobs whose next run is at or before {@code now}, earliest first (ties by name). */
    synchronized List<PlannedJob> due(Instant now) {
        List<PlannedJob> due = new ArrayList<>();
        for (PlannedJob job : jobs.values()) {
            Instant next = job.nextRunAt();
            if (next != null && !next.isAfter(now)) {
                due.add(job);
            }
        }
        due.sort(Comparator.comparing((PlannedJob j) -> Objects.requireNonNull(j.nextRunAt()))
                .thenComparing(j -> j.name));
        return due;
    }

    /** Stops the table: every pending run is cancelled and no job is current any more. */
    synchronized void close() {
        closed = true;
        jobs.values().forEach(PlannedJob::cancelPending);
        jobs.clear();
    }

    /**
     * Runs the job's body if it is still current, then plans its next run after the one planned for
     * {@code planned}. Returns whether the body ran.
     */
    boolean runAndReplan(PlannedJob job, Instant planned) {
        if (!isCurrent(job)) {
            return false;
        }
        try {
            job.body.run();
        } catch (RuntimeException | Error e) {
            reportFailure(job.name, e);
            if (e instanceof VirtualMachineError vmError) {
                throw vmError;
            }
        } finally {
            synchronized (this) {
                job.replan(planned, clock.instant());
            }
        }
        return true;
    }

    private void reportFailure(String name, Throwable e) {
        // The exception class only: a message may quote user text or data the job handled.
        LOG.warn("scheduled job '{}' failed with {}; it keeps its schedule", name, e.getClass().getName());
        try {
            audit.append(JOB_FAILED, AuditData.create().put("job", name).put("exception", e.getClass().getName()));
        } catch (RuntimeException auditFailure) {
            LOG.error("could not audit the failure of scheduled job '{}': {}", name,
                    auditFailure.getClass().getName());
        }
    }
}
