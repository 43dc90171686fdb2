package io.silas.postgres;

import com.github.kagkarlsson.scheduler.task.helper.ScheduleAndData;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.silas.core.schedule.Schedule;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * A job's schedule as db-scheduler stores it with the job's row: a five-field cron expression (run as db-scheduler's
 * six-field cron with second 0) in a zone, or a period between runs (db-scheduler's fixed delay: the next run is
 * planned after the current one returns, as the SDK's {@code Scheduler} contract asks).
 */
record JobPlan(@Nullable String cron, @Nullable String zone, long periodMillis) implements ScheduleAndData {
    private static final long serialVersionUID = 1L;

    static JobPlan of(Schedule schedule) {
        if (schedule instanceof Schedule.Cron cron) {
            ZoneId zone = cron.zone() == null ? ZoneOffset.UTC : cron.zone();
            return new JobPlan(cron.expression(), zone.getId(), 0);
        }
        Schedule.FixedRate rate = (Schedule.FixedRate) schedule;
        return new JobPlan(null, null, rate.period().toMillis());
    }

    @Override
    public com.github.kagkarlsson.scheduler.task.schedule.Schedule getSchedule() {
        return cron == null ? Schedules.fixedDelay(Duration.ofMillis(periodMillis))
                : Schedules.cron("0 " + cron, ZoneId.of(zone));
    }

    @Override
    public Object getData() {
        return null;
    }
}
