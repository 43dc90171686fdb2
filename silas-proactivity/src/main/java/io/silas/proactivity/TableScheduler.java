package io.silas.proactivity;

import io.silas.core.audit.AuditLog;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Scheduler} over the shared {@link JobTable}: cancelling and listing are the table's; the subclass decides
 * what drives the runs (explicit ticks or timers).
 */
abstract sealed class TableScheduler implements Scheduler permits TickScheduler, TimerScheduler {
    /** The jobs, their plans and their audited runs. */
    final JobTable table;

    TableScheduler(Clock clock, ZoneId zone, AuditLog audit) {
        this.table = new JobTable(clock, zone, audit);
    }

    @Override
    public final void cancel(String name) {
        table.cancel(name);
    }

    @Override
    public final List<ScheduledJob> jobs() {
        return table.snapshots();
    }

    @Override
    public final Optional<ScheduledJob> job(String name) {
        return table.snapshot(name);
    }
}
