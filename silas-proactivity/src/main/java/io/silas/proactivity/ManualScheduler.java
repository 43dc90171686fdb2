package io.silas.proactivity;

import io.silas.core.schedule.Scheduler;
import java.util.List;

/**
 * A {@link Scheduler} with no timer thread: nothing runs until {@link #tick()} is called, which runs every job
 * due at the clock's current time on the calling thread. Tests (and hosts with their own event loop) drive it
 * deterministically by moving a test clock and ticking. Planning rules are those of the default scheduler:
 * a cron job fires at the first matching minute strictly after registration; runs missed between ticks are
 * skipped, so each due job runs at most once per tick.
 *
 * <p>Thread-safe; a job that throws is logged and audited like in the default scheduler and keeps its schedule.
 */
public interface ManualScheduler extends Scheduler {

    /**
     * Runs every job whose next planned run is at or before the clock's current time, earliest first (ties by
     * name), then plans each one's next run.
     *
     * @return the names of the jobs that ran, in run order
     */
    List<String> tick();
}
