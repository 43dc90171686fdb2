package io.silas.proactivity;

import io.silas.core.audit.AuditLog;
import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link ManualScheduler}: the shared {@link JobTable}, driven by {@link #tick()}. */
final class TickScheduler extends TableScheduler implements ManualScheduler {
    TickScheduler(Clock clock, ZoneId zone, AuditLog audit) {
        super(clock, zone, audit);
    }

    @Override
    public ScheduledJob schedule(String name, Schedule when, Runnable job) {
        return table.register(name, when, job).snapshot();
    }

    @Override
    public List<String> tick() {
        List<String> ran = new ArrayList<>();
        for (PlannedJob job : table.due(table.now())) {
            Instant planned = job.nextRunAt();
            if (planned != null && table.runAndReplan(job, Objects.requireNonNull(planned))) {
                ran.add(job.name);
            }
        }
        return List.copyOf(ran);
    }

    @Override
    public void close() {
        table.close();
    }
}
