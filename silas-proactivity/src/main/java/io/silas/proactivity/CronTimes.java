package io.silas.proactivity;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.silas.core.error.SilasException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/** Next-fire computation for UNIX 5-field cron expressions, via cron-utils. Immutable, thread-safe. */
final class CronTimes {
    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final ExecutionTime executionTime;
    private final ZoneId zone;

    private CronTimes(ExecutionTime executionTime, ZoneId zone) {
        this.executionTime = executionTime;
        this.zone = zone;
    }

    /**
     * Parses {@code expression}.
     *
     * @throws SilasException {@code INVALID_INPUT} naming {@code schedule.expression} if cron-utils rejects it
     */
    static CronTimes parse(String expression, ZoneId zone) {
        try {
            return new CronTimes(ExecutionTime.forCron(PARSER.parse(expression).validate()), zone);
        } catch (IllegalArgumentException e) {
            throw SilasException.invalid("schedule.expression", "not a valid UNIX cron expression");
        }
    }

    /** The first matching minute strictly after {@code after}, if any. */
    Optional<Instant> nextAfter(Instant after) {
        return executionTime.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }
}
