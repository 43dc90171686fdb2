package io.silas.proactivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.audit.AuditLog;
import io.silas.core.config.SilasConfig;
import io.silas.core.error.SilasException;
import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The timer-driven default scheduler on a real executor and the system clock. */
class TimerSchedulerTest {
    private final Clock clock = Clock.systemUTC();
    private final AuditLog audit = AuditLog.inMemory(clock);

    @Test
    void schedule_fixedRate_runsRepeatedlyOnTimerThread() throws InterruptedException {
        CountDownLatch threeRuns = new CountDownLatch(3);
        StringBuilder thread = new StringBuilder();
        try (Scheduler scheduler = Proactivity.scheduler(SilasConfig.Scheduler.defaults(), clock, audit)) {
            scheduler.schedule("tick", Schedule.every(Duration.ofMillis(20), Duration.ZERO), () -> {
                if (thread.length() == 0) {
                    thread.append(Thread.currentThread().getName());
                }
                threeRuns.countDown();
            });

            assertThat(threeRuns.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(thread).hasToString("silas-scheduler");
    }

    @Test
    void schedule_throwingJob_keepsRunningAndIsAudited() throws InterruptedException {
        CountDownLatch twoFailures = new CountDownLatch(2);
        try (Scheduler scheduler = Proactivity.scheduler(SilasConfig.Scheduler.defaults(), clock, audit)) {
            scheduler.schedule("boom", Schedule.every(Duration.ofMillis(20), Duration.ZERO), () -> {
                twoFailures.countDown();
                throw new IllegalArgumentException("no");
            });

            assertThat(twoFailures.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(audit.findByEvent("scheduled_job_failed")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.data().get("job").asText()).isEqualTo("boom"));
    }

    @Test
    void schedule_replacedJob_onlyNewBodyRunsAfterReplacement() throws InterruptedException {
        AtomicInteger old = new AtomicInteger();
        CountDownLatch newRuns = new CountDownLatch(2);
        try (Scheduler scheduler = Proactivity.scheduler(SilasConfig.Scheduler.defaults(), clock, audit)) {
            scheduler.schedule("job", Schedule.every(Duration.ofHours(1)), old::incrementAndGet);
            scheduler.schedule("job", Schedule.every(Duration.ofMillis(20), Duration.ZERO), newRuns::countDown);

            assertThat(newRuns.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(scheduler.jobs()).hasSize(1);
        }
        assertThat(old).hasValue(0);
    }

    @Test
    void close_hostExecutor_leftRunningAndJobsCancelled() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            Scheduler scheduler = Proactivity.scheduler(ZoneOffset.UTC, clock, audit, executor);
            ScheduledJob job = scheduler.schedule("later", Schedule.cron("0 0 1 1 *"), () -> { });
            assertThat(job.nextRunAt()).isAfter(clock.instant());

            scheduler.close();

            assertThat(scheduler.jobs()).isEmpty();
            assertThat(executor.isShutdown()).isFalse();
            assertThatThrownBy(() -> scheduler.schedule("x", Schedule.every(Duration.ofMinutes(1)), () -> { }))
                    .isInstanceOf(SilasException.class);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void scheduler_configDisabled_isNullObject() {
        Scheduler scheduler = Proactivity.scheduler(new SilasConfig.Scheduler(false, "UTC"), clock, audit);

        ScheduledJob job = scheduler.schedule("job", Schedule.every(Duration.ofMillis(1)), () -> { });

        assertThat(scheduler).isSameAs(Scheduler.disabled());
        assertThat(job.nextRunAt()).isNull();
        assertThat(scheduler.jobs()).isEmpty();
    }
}
