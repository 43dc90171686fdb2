package io.silas.core.observe;

import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import java.util.List;

/** A scheduler whose jobs' runs are timed by job kind; when and whether they run is the wrapped scheduler's. */
final class ObservedScheduler implements Scheduler {
    private final Scheduler scheduler;
    private final SilasObserver observer;

    ObservedScheduler(Scheduler scheduler, SilasObserver observer) {
        this.scheduler = scheduler;
        this.observer = observer;
    }

    @Override
    public ScheduledJob schedule(String name, Schedule when, Runnable job) {
        String kind = kind(name);
        return scheduler.schedule(name, when, () -> {
            try (OperationScope op = observer.start(Operation.SCHEDULED_JOB)) {
                op.tag(ObservationKeys.JOB, kind);
                try {
                    job.run();
                    op.tag(ObservationKeys.OUTCOME, "ran");
                } catch (RuntimeException | Error e) {
                    op.error(e);
                    throw e;
                }
            }
        });
    }

    @Override
    public void cancel(String name) {
        scheduler.cancel(name);
    }

    @Override
    public List<ScheduledJob> jobs() {
        return scheduler.jobs();
    }

    @Override
    public void close() {
        scheduler.close();
    }

    /** The job name before its first ':' ({@code goal:<id>} is {@code goal}): a bounded tag. */
    static String kind(String name) {
        int colon = name.indexOf(':');
        return colon > 0 ? name.substring(0, colon) : name;
    }
}
