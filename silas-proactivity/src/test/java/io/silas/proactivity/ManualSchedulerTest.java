package io.silas.proactivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.trust.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {
    private static final Instant START = Instant.parse("2026-01-15T10:00:30Z");

    private final MutableClock clock = new MutableClock(START);
    private final AuditLog audit = AuditLog.inMemory(clock);
    private final ManualScheduler scheduler = Proactivity.manualScheduler(ZoneOffset.UTC, clock, audit);

    @Test
    void tick_cronQuarterHour_firesAtBoundaryNotBefore() {
        AtomicInteger runs = new AtomicInteger();
        ScheduledJob job = scheduler.schedule("quarter", Schedule.cron("*/15 * * * *"), runs::incrementAndGet);
        assertThat(job.nextRunAt()).isEqualTo(Instant.parse("2026-01-15T10:15:00Z"));

        clock.set(Instant.parse("2026-01-15T10:14:59Z"));
        assertThat(scheduler.tick()).isEmpty();
        clock.set(Instant.parse("2026-01-15T10:15:00Z"));
        assertThat(scheduler.tick()).containsExactly("quarter");
        assertThat(scheduler.tick()).isEmpty();

        assertThat(runs).hasValue(1);
        assertThat(scheduler.job("quarter").orElseThrow().nextRunAt()).isEqualTo(Instant.parse("2026-01-15T10:30:00Z"));
    }

    @Test
    void tick_cronMissedRuns_runOnceAndSkipAhead() {
        AtomicInteger runs = new AtomicInteger();
        scheduler.schedule("quarter", Schedule.cron("*/15 * * * *"), runs::incrementAndGet);

        clock.set(Instant.parse("2026-01-15T11:20:00Z"));
        assertThat(scheduler.tick()).containsExactly("quarter");

        assertThat(runs).hasValue(1);
        assertThat(scheduler.job("quarter").orElseThrow().nextRunAt()).isEqualTo(Instant.parse("2026-01-15T11:30:00Z"));
    }

    @Test
    void tick_fixedRate_firstAfterInitialDelayThenEveryPeriod() {
        AtomicInteger runs = new AtomicInteger();
        scheduler.schedule("rate", Schedule.every(Duration.ofMinutes(5), Duration.ofMinutes(1)), runs::incrementAndGet);

        clock.set(START.plusSeconds(59));
        assertThat(scheduler.tick()).isEmpty();
        clock.set(START.plusSeconds(60));
        assertThat(scheduler.tick()).containsExactly("rate");
        clock.set(START.plus(Duration.ofMinutes(6)).minusSeconds(1));
        assertThat(scheduler.tick()).isEmpty();
        clock.set(START.plus(Duration.ofMinutes(6)));
        assertThat(scheduler.tick()).containsExactly("rate");

        clock.set(START.plus(Duration.ofMinutes(30)));
        assertThat(scheduler.tick()).containsExactly("rate");
        assertThat(runs).hasValue(3);
        assertThat(scheduler.job("rate").orElseThrow().nextRunAt()).isEqualTo(START.plus(Duration.ofMinutes(31)));
    }

    @Test
    void tick_fixedRateZeroDelay_dueImmediately() {
        AtomicInteger runs = new AtomicInteger();
        scheduler.schedule("now", Schedule.every(Duration.ofSeconds(10), Duration.ZERO), runs::incrementAndGet);

        assertThat(scheduler.tick()).containsExactly("now");
        assertThat(runs).hasValue(1);
    }

    @Test
    void schedule_sameName_replacesPreviousJob() {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        scheduler.schedule("job", Schedule.every(Duration.ofMinutes(1)), first::incrementAndGet);
        scheduler.schedule("job", Schedule.every(Duration.ofMinutes(2)), second::incrementAndGet);

        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.tick()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.tick()).containsExactly("job");

        assertThat(first).hasValue(0);
        assertThat(second).hasValue(1);
        assertThat(scheduler.jobs()).extracting(ScheduledJob::name).containsExactly("job");
        assertThat(scheduler.jobs().get(0).schedule()).isEqualTo(Schedule.every(Duration.ofMinutes(2)));
    }

    @Test
    void cancel_registeredJob_neverRunsAgain() {
        AtomicInteger runs = new AtomicInteger();
        scheduler.schedule("job", Schedule.every(Duration.ofMinutes(1)), runs::incrementAndGet);
        scheduler.cancel("job");
        scheduler.cancel("unknown");

        clock.advance(Duration.ofHours(1));
        assertThat(scheduler.tick()).isEmpty();
        assertThat(runs).hasValue(0);
        assertThat(scheduler.jobs()).isEmpty();
        assertThat(scheduler.job("job")).isEmpty();
    }

    @Test
    void jobs_severalRegistered_sortedByNameWithNextRun() {
        scheduler.schedule("b", Schedule.every(Duration.ofMinutes(3)), () -> { });
        scheduler.schedule("a", Schedule.cron("0 * * * *"), () -> { });

        assertThat(scheduler.jobs()).extracting(ScheduledJob::name, ScheduledJob::nextRunAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", Instant.parse("2026-01-15T11:00:00Z")),
                org.assertj.core.groups.Tuple.tuple("b", START.plus(Duration.ofMinutes(3))));
    }

    @Test
    void tick_severalDue_runInPlannedOrder() {
        StringBuilder order = new StringBuilder();
        scheduler.schedule("late", Schedule.every(Duration.ofMinutes(2)), () -> order.append("late,"));
        scheduler.schedule("early", Schedule.every(Duration.ofMinutes(1)), () -> order.append("early,"));

        clock.advance(Duration.ofMinutes(2));
        assertThat(scheduler.tick()).containsExactly("early", "late");
        assertThat(order).hasToString("early,late,");
    }

    @Test
    void tick_throwingJob_loggedAuditedAndKeepsSchedule() {
        String secretText = "user said: transfer 5000 to account 1234";
        AtomicInteger attempts = new AtomicInteger();
        scheduler.schedule("flaky", Schedule.every(Duration.ofMinutes(1)), () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException(secretText);
        });
        scheduler.schedule("steady", Schedule.every(Duration.ofMinutes(1)), () -> { });

        String log = captureStderr(() -> {
            clock.advance(Duration.ofMinutes(1));
            assertThat(scheduler.tick()).containsExactly("flaky", "steady");
            clock.advance(Duration.ofMinutes(1));
            assertThat(scheduler.tick()).containsExactly("flaky", "steady");
        });

        assertThat(attempts).hasValue(2);
        List<AuditEntry> failures = audit.findByEvent("scheduled_job_failed");
        assertThat(failures).hasSize(2);
        assertThat(failures.get(0).data().get("job").asText()).isEqualTo("flaky");
        assertThat(failures.get(0).data().get("exception").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(failures.get(0).data().toString()).doesNotContain(secretText);
        assertThat(log).contains("flaky").contains(IllegalStateException.class.getName()).doesNotContain(secretText);
        assertThat(scheduler.job("flaky").orElseThrow().nextRunAt()).isEqualTo(START.plus(Duration.ofMinutes(3)));
        assertThat(audit.verifyChain().valid()).isTrue();
    }

    @Test
    void tick_cronInConfiguredZone_followsLocalTimeAcrossSeasons() {
        ManualScheduler vienna = Proactivity.manualScheduler(ZoneId.of("Europe/Vienna"), clock, audit);
        AtomicInteger runs = new AtomicInteger();
        vienna.schedule("morning", Schedule.cron("0 9 * * *"), runs::incrementAndGet);

        // January: Vienna is UTC+1, so 09:00 local is 08:00Z.
        assertThat(vienna.job("morning").orElseThrow().nextRunAt()).isEqualTo(Instant.parse("2026-01-16T08:00:00Z"));
        clock.set(Instant.parse("2026-01-16T07:59:59Z"));
        assertThat(vienna.tick()).isEmpty();
        clock.set(Instant.parse("2026-01-16T08:00:00Z"));
        assertThat(vienna.tick()).containsExactly("morning");

        // July: UTC+2, so 09:00 local is 07:00Z.
        clock.set(Instant.parse("2026-07-01T06:00:00Z"));
        vienna.tick();
        assertThat(vienna.job("morning").orElseThrow().nextRunAt()).isEqualTo(Instant.parse("2026-07-01T07:00:00Z"));
        clock.set(Instant.parse("2026-07-01T07:00:00Z"));
        assertThat(vienna.tick()).containsExactly("morning");
        assertThat(runs).hasValue(3);
    }

    @Test
    void schedule_cronWithOwnZone_overridesSchedulerZone() {
        ScheduledJob job = scheduler.schedule("tokyo", Schedule.cron("0 9 * * *", ZoneId.of("Asia/Tokyo")), () -> { });

        assertThat(job.nextRunAt()).isEqualTo(Instant.parse("2026-01-16T00:00:00Z"));
    }

    @Test
    void schedule_cronWeekdayNames_parsed() {
        // 2026-01-15 is a Thursday; the next Monday 09:00 UTC is 2026-01-19.
        ScheduledJob job = scheduler.schedule("weekly", Schedule.cron("0 9 * * MON"), () -> { });

        assertThat(job.nextRunAt()).isEqualTo(Instant.parse("2026-01-19T09:00:00Z"));
    }

    @Test
    void schedule_invalidCron_rejectedAsInvalidInput() {
        assertThatThrownBy(() -> scheduler.schedule("bad", Schedule.cron("61 * * * *"), () -> { }))
                .isInstanceOfSatisfying(SilasException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("schedule.expression");
                });
        assertThat(scheduler.jobs()).isEmpty();
    }

    @Test
    void schedule_blankNameOrNullJob_rejected() {
        assertThatThrownBy(() -> scheduler.schedule(" ", Schedule.every(Duration.ofMinutes(1)), () -> { }))
                .isInstanceOf(SilasException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> scheduler.schedule("x", Schedule.every(Duration.ofMinutes(1)), null))
                .isInstanceOf(SilasException.class).hasMessageContaining("job");
    }

    @Test
    void close_cancelsEverythingAndRefusesNewJobs() {
        AtomicInteger runs = new AtomicInteger();
        scheduler.schedule("job", Schedule.every(Duration.ofMinutes(1)), runs::incrementAndGet);

        scheduler.close();
        scheduler.close();
        clock.advance(Duration.ofMinutes(5));

        assertThat(scheduler.tick()).isEmpty();
        assertThat(runs).hasValue(0);
        assertThat(scheduler.jobs()).isEmpty();
        assertThatThrownBy(() -> scheduler.schedule("job", Schedule.every(Duration.ofMinutes(1)), () -> { }))
                .isInstanceOf(SilasException.class).hasMessageContaining("closed");
    }

    @Test
    void tick_jobCancelsItself_notReplannedOrListed() {
        AtomicInteger runs = new AtomicInteger();
        scheduler.schedule("once", Schedule.every(Duration.ofMinutes(1)), () -> {
            runs.incrementAndGet();
            scheduler.cancel("once");
        });

        clock.advance(Duration.ofMinutes(1));
        scheduler.tick();
        clock.advance(Duration.ofMinutes(1));
        scheduler.tick();

        assertThat(runs).hasValue(1);
        assertThat(scheduler.jobs()).isEmpty();
    }

    private static String captureStderr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
