package io.silas.core.schedule;

import io.silas.core.error.SilasException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one registered job: what the scheduler will do next. Immutable; a later
 * {@link Scheduler#jobs()} call returns fresh snapshots.
 *
 * @param name      the job's unique name within its scheduler
 * @param schedule  when it fires
 * @param nextRunAt the next planned run; {@code null} when it will not run again (a cron expression with no
 *                  future match, a disabled scheduler)
 */
public record ScheduledJob(String name, Schedule schedule, @Nullable Instant nextRunAt) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param name      the job's unique name within its scheduler
     * @param schedule  when it fires
     * @param nextRunAt the next planned run; {
     */
    public ScheduledJob {
        Scheduler.requireValidName(name);
        if (schedule == null) {
            throw SilasException.invalid("schedule", "is required");
        }
    }
}
