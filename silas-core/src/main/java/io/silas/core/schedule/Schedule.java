package io.silas.core.schedule;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.silas.core.error.SilasException;
import java.time.Duration;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * When a {@link Scheduler} job fires. JSON carries the variant in {@code "type"}: {@code cron} or
 * {@code fixed_rate}.
 *
 * <p>Every variant is an immutable, validated value; the cron expression's full grammar is checked by the
 * scheduler that parses it ({@code INVALID_INPUT} from {@link Scheduler#schedule}), this type checks its shape.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Schedule.Cron.class, name = "cron"),
    @JsonSubTypes.Type(value = Schedule.FixedRate.class, name = "fixed_rate")
})
public sealed interface Schedule {

    /**
     * {@return a UNIX 5-field cron schedule in the scheduler's configured time zone}
     *
     * @param expression five whitespace-separated fields
     */
    static Cron cron(String expression) {
        return new Cron(expression, null);
    }

    /**
     * {@return a UNIX 5-field cron schedule evaluated in {@code zone}}
     *
     * @param expression five whitespace-separated fields
     * @param zone the zone the fields are read in; {@code null} = the scheduler's configured zone ({@code scheduler.timezone})
     */
    static Cron cron(String expression, ZoneId zone) {
        return new Cron(expression, zone);
    }

    /**
     * {@return every {@code period}, the first run one period after registration}
     *
     * @param period time between planned runs, positive
     */
    static FixedRate every(Duration period) {
        return new FixedRate(period, period);
    }

    /**
     * {@return every {@code period}, the first run {@code initialDelay} after registration}
     *
     * @param period time between planned runs, positive
     * @param initialDelay time from registration to the first run, zero or positive
     */
    static FixedRate every(Duration period, Duration initialDelay) {
        return new FixedRate(period, initialDelay);
    }

    /**
     * A UNIX cron schedule: minute, hour, day of month, month, day of week (e.g. {@code 0,15,30,45 9-17 * * MON-FRI}).
     * A job fires at each matching minute strictly after it was registered (and after its previous run).
     *
     * @param expression five whitespace-separated fields
     * @param zone       the zone the fields are read in; {@code null} = the scheduler's configured zone
     *                   ({@code scheduler.timezone})
     */
    record Cron(String expression, @Nullable ZoneId zone) implements Schedule {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param expression five whitespace-separated fields
         * @param zone       the zone the fields are read in; {
         */
        public Cron {
            if (expression == null || expression.isBlank()) {
                throw SilasException.invalid("schedule.expression", "must not be blank");
            }
            expression = expression.trim();
            if (expression.split("\\s+").length != 5) {
                throw SilasException.invalid("schedule.expression",
                        "must have five fields (minute hour day-of-month month day-of-week)");
            }
        }
    }

    /**
     * A fixed-rate schedule: the first run {@code initialDelay} after registration, then every {@code period}
     * measured from the previous planned run (not from when it finished). Missed runs are skipped, never
     * replayed in a burst.
     *
     * @param period       time between planned runs, positive
     * @param initialDelay time from registration to the first run, zero or positive
     */
    record FixedRate(Duration period, Duration initialDelay) implements Schedule {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param period       time between planned runs, positive
         * @param initialDelay time from registration to the first run, zero or positive /
         */
        public FixedRate {
            if (period == null || period.isZero() || period.isNegative()) {
                throw SilasException.invalid("schedule.period", "must be positive");
            }
            if (initialDelay == null || initialDelay.isNegative()) {
                throw SilasException.invalid("schedule.initial_delay", "must not be negative");
            }
        }
    }
}
