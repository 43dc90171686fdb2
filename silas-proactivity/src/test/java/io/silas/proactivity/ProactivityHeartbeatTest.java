package io.silas.proactivity;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditLog;
import io.silas.core.config.SilasConfig;
import io.silas.core.proactivity.AutonomyCalibrator;
import io.silas.core.proactivity.AutonomyThresholdProposal;
import io.silas.core.proactivity.AutonomyThresholds;
import io.silas.core.proactivity.CorrectionOutcome;
import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.proactivity.SuggestionEngine;
import io.silas.core.proactivity.SuggestionProposal;
import io.silas.core.proactivity.SuggestionSignal;
import io.silas.core.schedule.Schedule;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.RiskLevel;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heartbeat jobs on a {@link ManualScheduler} with a test clock: suggestions and autonomy proposals reach each
 * scope's (SQLite) review queue with no user turn at all.
 */
class ProactivityHeartbeatTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:30Z");
    private static final List<String> ACTIVE_SCOPES = List.of("owner", "team");

    @Test
    void heartbeatTicks_queueSuggestionsAndProposalsPerScope_withoutUserTurns(@TempDir Path dir) {
        MutableClock clock = new MutableClock(START);
        SilasConfig config = SilasConfig.defaults();
        try (SqliteStores stores = SqliteStores.open(dir.resolve("silas.db"), clock)) {
            AuditLog audit = AuditLog.inMemory(clock);
            ReviewQueueStore queue = stores.reviewQueueStore();
            ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                    .nonceStore(stores.nonceStore()).audit(audit).clock(clock).build();
            SuggestionEngine suggestions = Proactivity.suggestions(config, queue,
                    (scope, now) -> scope.equals("owner")
                            ? List.of(new SuggestionSignal(SuggestionSignal.Kind.CONNECTION_WARNING, "gmail",
                                    "Reconnect Gmail", "The token expires tomorrow", RiskLevel.MEDIUM, null))
                            : List.of(),
                    audit, clock, IdGenerator.random());
            AutonomyCalibrator calibrator = Proactivity.calibrator(config, AutonomyThresholds.baseline(config), queue,
                    approvals, audit, clock, IdGenerator.random());
            for (int i = 0; i < 30; i++) {
                calibrator.recordOutcome("team", "email.archive", CorrectionOutcome.APPROVED);
            }

            ManualScheduler scheduler = Proactivity.manualScheduler(ZoneOffset.UTC, clock, audit);
            scheduler.schedule("heartbeat:suggestions", Schedule.cron(config.suggestions().heartbeatCron()),
                    () -> ACTIVE_SCOPES.forEach(s -> suggestions.generateIdle(s, clock.instant())));
            scheduler.schedule("heartbeat:autonomy", Schedule.cron("0 * * * *"),
                    () -> ACTIVE_SCOPES.forEach(s -> calibrator.evaluate(s, clock.instant())));

            clock.set(Instant.parse("2026-03-02T09:14:59Z"));
            assertThat(scheduler.tick()).isEmpty();
            assertThat(queue.pendingScopes()).isEmpty();

            clock.set(Instant.parse("2026-03-02T09:15:00Z"));
            assertThat(scheduler.tick()).containsExactly("heartbeat:suggestions");
            assertThat(queue.pendingSuggestions("owner")).extracting(SuggestionProposal::cooldownKey)
                    .containsExactly("connection_warning:gmail");
            assertThat(queue.pendingSuggestions("team")).isEmpty();

            clock.set(Instant.parse("2026-03-02T10:00:00Z"));
            assertThat(scheduler.tick()).containsExactlyInAnyOrder("heartbeat:suggestions", "heartbeat:autonomy");
            assertThat(queue.pendingSuggestions("owner")).as("deduplicated by cooldown_key").hasSize(1);
            assertThat(queue.pendingAutonomyProposals("owner")).isEmpty();
            assertThat(queue.pendingAutonomyProposals("team")).singleElement()
                    .satisfies(p -> assertThat(p.scopeId()).isEqualTo("team"));
            assertThat(queue.pendingScopes()).containsExactly("owner", "team");

            clock.advance(Duration.ofHours(1));
            scheduler.tick();
            List<AutonomyThresholdProposal> team = queue.pendingAutonomyProposals("team");
            assertThat(team).as("one pending proposal per scope").hasSize(1);
            assertThat(calibrator.thresholds("team")).isEqualTo(AutonomyThresholds.baseline(config));
            assertThat(audit.findByEvent("scheduled_job_failed")).isEmpty();
        }
    }
}
