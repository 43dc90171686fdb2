package io.silas.core.schedule;

import io.silas.core.error.SilasException;
import java.util.List;

/** {@link Scheduler#disabled()}: accepts and validates, runs nothing. Stateless, thread-safe. */
final class DisabledScheduler implements Scheduler {
    static final DisabledScheduler INSTANCE = new DisabledScheduler();

    private DisabledScheduler() {
    }

    @Override
    public ScheduledJob schedule(String name, Schedule when, Runnable job) {
        if (job == null) {
            throw SilasException.invalid("job", "is required");
        }
        return new ScheduledJob(name, when, null);
    }

    @Override
    public void cancel(String name) {
        Scheduler.requireValidName(name);
    }

    @Override
    public List<ScheduledJob> jobs() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
