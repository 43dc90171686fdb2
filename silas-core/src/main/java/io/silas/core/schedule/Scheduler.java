package io.silas.core.schedule;

import io.silas.core.error.SilasException;
import java.util.List;
import java.util.Optional;

/**
 * Runs named background jobs on cron or fixed-rate {@link Schedule}s: goal cycles, connection health checks,
 * the suggestion and autonomy heartbeats (docs/contracts.md#proactivity-and-autonomy). The Stream never runs these from
 * inside a turn.
 *
 * <p>Semantics every implementation keeps:
 * <ul>
 *   <li>Names are unique: scheduling a name that is already registered replaces that job (its pending run is
 *       cancelled; a run already in progress finishes).</li>
 *   <li>A job never overlaps itself: its next run is planned after the current one returns. Runs missed while
 *       the job was busy or the host was asleep are skipped, never replayed in a burst.</li>
 *   <li>A job that throws is logged (exception class only) and audited as {@code scheduled_job_failed} with
 *       the job name and exception class, and keeps its schedule.</li>
 *   <li>{@link #close()} cancels every pending run; later {@link #schedule} calls fail.</li>
 * </ul>
 *
 * <p>Thread-safety: implementations are thread-safe. Time comes from an injected {@link java.time.Clock}.
 * The default implementation lives in {@code silas-proactivity} ({@code Proactivity.scheduler(..)}).
 */
public interface Scheduler extends AutoCloseable {

    /**
     * Registers (or replaces) the job called {@code name}.
     *
     * @param name the name
     * @param when the when
     * @param job the job
     * @return a snapshot of the registered job with its first planned run
     * @throws SilasException {@code INVALID_INPUT} for a blank name, a cron expression the scheduler cannot
     *                        parse, or a closed scheduler
     */
    ScheduledJob schedule(String name, Schedule when, Runnable job);

    /**
     * Cancels the job called {@code name}, if registered; a run in progress finishes.
     *
     * @param name the name
     */
    void cancel(String name);

    /**
     * Snapshots of the registered jobs, sorted by name.
     *
     * @return the list
     */
    List<ScheduledJob> jobs();

    /**
     * {@return a snapshot of the job called {@code name}, if registered}
     *
     * @param name the name
     */
    default Optional<ScheduledJob> job(String name) {
        return jobs().stream().filter(j -> j.name().equals(name)).findFirst();
    }

    /** Cancels every job and stops the scheduler. Idempotent. */
    @Override
    void close();

    /**
     * {@return a scheduler that never runs anything (the null object for hosts with {@code scheduler.enabled: false}):
     * {@link #schedule} validates its arguments and returns a job with no next run, {@link #jobs()} is empty}
     */
    static Scheduler disabled() {
        return DisabledScheduler.INSTANCE;
    }

    /**
     * Validates a job name (1–200 characters, not blank) and returns it.
     *
     * @param name the name
     * @return the string
     */
    static String requireValidName(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw SilasException.invalid("name", "must be 1-200 characters and not blank");
        }
        return name;
    }
}
