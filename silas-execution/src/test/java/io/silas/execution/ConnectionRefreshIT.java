package io.silas.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.audit.AuditLog;
import io.silas.core.connection.AuthStrategy;
import io.silas.core.connection.Connection;
import io.silas.core.connection.ConnectionManager;
import io.silas.core.connection.ConnectionProposal;
import io.silas.core.connection.ConnectionRegistry;
import io.silas.core.connection.ConnectionStatus;
import io.silas.core.connection.HealthReport;
import io.silas.core.connection.ReconnectSuggestion;
import io.silas.core.connection.RecoveryOption;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.connection.SetupStep;
import io.silas.core.connection.SkillScripts;
import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SigningKeys;
import io.silas.execution.sandbox.SandboxFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proactive refresh rules (docs/contracts.md#connections), health-job registration and recovery-option cards (docs/contracts.md#connections), real scripts. */
class ConnectionRefreshIT {
    private static final Path BASE = SandboxFixture.newBaseDir();
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(NOW);
    private final AuditLog audit = AuditLog.inMemory(clock);
    private final SecureInputRegistry secureInput =
            SecureInputRegistry.create(SecretStore.inMemory(), audit, clock, c -> { });
    private final ConnectionRegistry registry = ConnectionRegistry.inMemory();
    private final ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
            .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
    private final List<ReconnectSuggestion> suggested = new CopyOnWriteArrayList<>();
    private final ConnectionTestSupport.ScriptedUser user = new ConnectionTestSupport.ScriptedUser(secureInput, "");
    private Path skillsDir;
    private ConnectionManager manager;

    @BeforeEach
    void setUp() throws Exception {
        skillsDir = Files.createDirectories(tmp.resolve("skills"));
        manager = ConnectionManager.builder()
                .skills(SkillScripts.create(skillsDir, SandboxFixture.manager(BASE), Duration.ofSeconds(3)))
                .registry(registry).secureInput(secureInput).approvals(approvals)
                .audit(audit).clock(clock).reconnectSuggestions(suggested::add).build();
    }

    @AfterAll
    static void cleanUp() {
        SandboxFixture.deleteTree(BASE.getParent());
    }

    /** A skill whose health check reports the given expiries and whose refresh moves the access token on. */
    private Connection connect(String name, String tokenExpires, String refreshExpires) {
        Path dir = SkillFixtures.skill(skillsDir, name, "device_code");
        SkillFixtures.resultScript(dir, "health_check", "{\"healthy\":true,\"token_expires_at\":\"" + tokenExpires
                + "\",\"refresh_token_expires_at\":\"" + refreshExpires + "\",\"latency_ms\":3}");
        SkillFixtures.resultScript(dir, "refresh_token", "{\"token_expires_at\":\"2026-06-01T00:00:00Z\"}");
        ConnectionProposal proposal = new ConnectionProposal("conn-" + name, name, "scope-1", "personal",
                AuthStrategy.DEVICE_CODE, List.of("mail.read"), List.of("mail.read"), null, Map.of(), "Connected");
        return manager.activateConnection(proposal, approvals.issue(proposal.activationWorkItem(),
                ApprovalDecision.approved(), ApprovalScope.CONNECTION_MANAGE));
    }

    @Test
    void refreshTokenExpiringSoon_usedRecently_reconnectSuggestedNoRefresh() {
        Connection mail = connect("mail", "2026-03-01T11:00:00Z", "2026-03-04T10:00:00Z");
        registry.save(mail.withLastUsed(NOW.minus(Duration.ofDays(2))));

        HealthReport report = manager.runHealthChecks(user).get(0);

        assertThat(report.refreshed()).isFalse();
        ReconnectSuggestion suggestion = report.reconnectSuggestion();
        assertThat(suggestion).isNotNull();
        assertThat(suggestion.daysLeft()).isEqualTo(3);
        assertThat(suggestion.refreshTokenExpiresAt()).isEqualTo(Instant.parse("2026-03-04T10:00:00Z"));
        assertThat(suggested).containsExactly(suggestion);
        assertThat(audit.findByEvent(ConnectionManager.EVENT_RECONNECT_SUGGESTED)).singleElement()
                .satisfies(e -> assertThat(e.data().get("days_left").asLong()).isEqualTo(3));
        assertThat(audit.findByEvent(ConnectionManager.EVENT_REFRESHED)).isEmpty();
        assertThat(audit.findByEvent(ConnectionManager.EVENT_REFRESH_DORMANT)).isEmpty();
    }

    @Test
    void refreshTokenExpiringSoon_dormantThirtyDays_silentRefreshAudited() {
        connect("mail", "2026-04-10T11:00:00Z", "2026-04-05T10:00:00Z");
        clock.advance(Duration.ofDays(30));

        HealthReport report = manager.runHealthChecks(user).get(0);

        assertThat(report.refreshed()).isTrue();
        assertThat(report.reconnectSuggestion()).isNull();
        assertThat(suggested).isEmpty();
        assertThat(audit.findByEvent(ConnectionManager.EVENT_REFRESH_DORMANT)).singleElement()
                .satisfies(e -> assertThat(e.data().get("refreshed").asBoolean()).isTrue());
        assertThat(registry.get("conn-mail").orElseThrow().tokenExpiresAt())
                .isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(user.shown).isEmpty();
    }

    @Test
    void neverUsed_suggestedUntilThirtyDaysOld_thenDormantRefresh() {
        connect("mail", "2026-05-01T00:00:00Z", "2026-03-30T12:00:00Z");
        clock.advance(Duration.ofDays(29));
        assertThat(manager.runHealthChecks(user).get(0).reconnectSuggestion()).isNotNull();
        clock.advance(Duration.ofDays(1));
        HealthReport report = manager.runHealthChecks(user).get(0);
        assertThat(report.reconnectSuggestion()).isNull();
        assertThat(report.refreshed()).isTrue();
    }

    @Test
    void farFromExpiry_nothingHappens() {
        connect("mail", "2026-03-01T11:00:00Z", "2026-05-01T10:00:00Z");
        HealthReport report = manager.runHealthChecks(user).get(0);
        assertThat(report.refreshed()).isFalse();
        assertThat(report.reconnectSuggestion()).isNull();
        assertThat(audit.findByEvent(ConnectionManager.EVENT_RECONNECT_SUGGESTED)).isEmpty();
    }

    @Test
    void scheduleProactiveRefresh_healthJobPerActiveConnection_runRefreshesExpiringToken() {
        connect("mail", "2026-03-01T10:05:00Z", "2026-05-01T10:00:00Z");
        Connection calendar = connect("calendar", "2026-03-01T11:00:00Z", "2026-05-01T10:00:00Z");
        registry.save(calendar.withStatus(ConnectionStatus.FAILED));
        RecordingScheduler scheduler = new RecordingScheduler();
        scheduler.schedule("health:conn-calendar", Schedule.cron("0 * * * *"), () -> { });

        List<ScheduledJob> jobs = manager.scheduleProactiveRefresh(scheduler, user);

        assertThat(jobs).extracting(ScheduledJob::name).containsExactly("health:conn-mail");
        assertThat(jobs.get(0).schedule()).isEqualTo(Schedule.cron("*/30 * * * *"));
        assertThat(scheduler.jobs.keySet()).containsExactly("health:conn-mail");
        scheduler.jobs.get("health:conn-mail").run();
        Connection mail = registry.get("conn-mail").orElseThrow();
        assertThat(mail.lastHealthCheck()).isEqualTo(NOW);
        assertThat(mail.tokenExpiresAt()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(audit.findByEvent(ConnectionManager.EVENT_REFRESHED)).hasSize(1);

        registry.save(mail.withStatus(ConnectionStatus.PAUSED));
        scheduler.jobs.get("health:conn-mail").run();
        assertThat(audit.findByEvent(ConnectionManager.EVENT_REFRESHED)).hasSize(1);
    }

    @Test
    void activateConnection_withHealthJobs_registersHealthJobImmediately() {
        RecordingScheduler scheduler = new RecordingScheduler();
        manager = ConnectionManager.builder()
                .skills(SkillScripts.create(skillsDir, SandboxFixture.manager(BASE), Duration.ofSeconds(3)))
                .registry(registry).secureInput(secureInput).approvals(approvals)
                .audit(audit).clock(clock).healthJobs(scheduler, user).build();

        connect("mail", "2026-03-01T10:05:00Z", "2026-05-01T10:00:00Z");

        assertThat(scheduler.jobs.keySet()).containsExactly("health:conn-mail");
        scheduler.jobs.get("health:conn-mail").run();
        assertThat(registry.get("conn-mail").orElseThrow().tokenExpiresAt())
                .isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
    }

    @Test
    void failureWithoutOptions_cardGetsTableOptionsEndingWithSkip() {
        Path dir = SkillFixtures.skill(skillsDir, "mail", "device_code");
        SkillFixtures.script(dir, "health_check", "cat >/dev/null\necho '{\"type\":\"failure\",\"failure\":"
                + "{\"failure_type\":\"rate_limited\",\"service\":\"Mail\",\"message\":\"Slow down\","
                + "\"recovery_options\":[]}}'");
        Path crm = SkillFixtures.skill(skillsDir, "crm", "device_code");
        SkillFixtures.script(crm, "health_check", "cat >/dev/null\necho 'not json'");
        for (String name : List.of("mail", "crm")) {
            ConnectionProposal proposal = new ConnectionProposal("conn-" + name, name, "scope-1", "personal",
                    AuthStrategy.DEVICE_CODE, List.of("a.read"), List.of("a.read"), null, Map.of(), "Connected");
            manager.activateConnection(proposal, approvals.issue(proposal.activationWorkItem(),
                    ApprovalDecision.approved(), ApprovalScope.CONNECTION_MANAGE));
        }

        List<HealthReport> reports = manager.runHealthChecks(user);

        assertThat(reports).extracting(HealthReport::status).containsOnly(ConnectionStatus.FAILED);
        assertThat(user.shown).hasSize(2);
        assertThat(((SetupStep.Failure) user.shown.get(0)).failure().recoveryOptions())
                .extracting(RecoveryOption::action).containsExactly("retry_later", RecoveryOption.SKIP);
        assertThat(((SetupStep.Failure) user.shown.get(1)).failure().recoveryOptions())
                .extracting(RecoveryOption::action).containsExactly("retry", RecoveryOption.SKIP);
    }

    /** Records jobs instead of timing them; the test runs a job by hand (deterministic, no waiting). */
    private static final class RecordingScheduler implements Scheduler {
        final Map<String, Runnable> jobs = new TreeMap<>();
        private final Map<String, Schedule> schedules = new TreeMap<>();

        @Override
        public ScheduledJob schedule(String name, Schedule when, Runnable job) {
            jobs.put(Scheduler.requireValidName(name), job);
            schedules.put(name, when);
            return new ScheduledJob(name, when, null);
        }

        @Override
        public void cancel(String name) {
            jobs.remove(name);
            schedules.remove(name);
        }

        @Override
        public List<ScheduledJob> jobs() {
            return schedules.entrySet().stream().map(e -> new ScheduledJob(e.getKey(), e.getValue(), null)).toList();
        }

        @Override
        public void close() {
            jobs.clear();
            schedules.clear();
        }
    }
}
