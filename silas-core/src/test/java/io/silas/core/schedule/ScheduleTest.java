package io.silas.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void json_cronAndFixedRate_roundTripWithTypeNames() {
        Schedule cron = Schedule.cron("*/15 * * * *", ZoneId.of("Europe/Vienna"));
        Schedule rate = Schedule.every(Duration.ofMinutes(5), Duration.ZERO);

        assertThat(Json.write(cron)).contains("\"type\":\"cron\"");
        assertThat(Json.write(rate)).contains("\"type\":\"fixed_rate\"");
        assertThat(Json.read(Json.write(cron), Schedule.class)).isEqualTo(cron);
        assertThat(Json.read(Json.write(rate), Schedule.class)).isEqualTo(rate);
        assertThat(Json.read(Json.write(Schedule.cron("0 9 * * *")), Schedule.class))
                .isEqualTo(Schedule.cron("0 9 * * *"));
    }

    @Test
    void cron_wrongFieldCountOrBlank_rejected() {
        assertThatThrownBy(() -> Schedule.cron("* * * *")).isInstanceOf(SilasException.class)
                .hasMessageContaining("schedule.expression");
        assertThatThrownBy(() -> Schedule.cron("0 0 * * * *")).isInstanceOf(SilasException.class);
        assertThatThrownBy(() -> Schedule.cron(" ")).isInstanceOf(SilasException.class);
    }

    @Test
    void fixedRate_nonPositivePeriodOrNegativeDelay_rejected() {
        assertThatThrownBy(() -> Schedule.every(Duration.ZERO)).isInstanceOf(SilasException.class)
                .hasMessageContaining("schedule.period");
        assertThatThrownBy(() -> Schedule.every(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .isInstanceOf(SilasException.class).hasMessageContaining("schedule.initial_delay");
    }

    @Test
    void disabled_acceptsValidatesAndRunsNothing() {
        Scheduler disabled = Scheduler.disabled();

        ScheduledJob job = disabled.schedule("heartbeat", Schedule.every(Duration.ofMinutes(1)), () -> {
            throw new AssertionError("must not run");
        });

        assertThat(job.nextRunAt()).isNull();
        assertThat(disabled.jobs()).isEmpty();
        assertThat(disabled.job("heartbeat")).isEmpty();
        assertThatThrownBy(() -> disabled.schedule("", Schedule.every(Duration.ofMinutes(1)), () -> { }))
                .isInstanceOf(SilasException.class);
        disabled.close();
    }
}
