package io.silas.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.ConnectionFailureCard;
import io.silas.core.channel.DeviceCodeCard;
import io.silas.core.channel.OwnerChannel;
import io.silas.core.channel.SecureInputCard;
import io.silas.core.connection.AuthStrategy;
import io.silas.core.connection.CardSetupPresenter;
import io.silas.core.connection.Connection;
import io.silas.core.connection.ConnectionManager;
import io.silas.core.connection.ConnectionManagerBuilder;
import io.silas.core.connection.ConnectionProposal;
import io.silas.core.connection.ConnectionRegistry;
import io.silas.core.connection.ConnectionStatus;
import io.silas.core.connection.HealthReport;
import io.silas.core.connection.RecoveryOutcome;
import io.silas.core.connection.RefreshDecision;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.connection.SetupOutcome;
import io.silas.core.connection.SkillScripts;
import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SecretValue;
import io.silas.core.trust.SigningKeys;
import io.silas.core.work.WorkItem;
import io.silas.execution.sandbox.SandboxFixture;
import io.silas.sqlite.SqliteStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection recovery with real sandboxed scripts: credential refs across a restart (real SQLite file, fresh
 * manager per "process"), refresh-token expiry reported by the refresh script, and recovery chips that run.
 */
class ConnectionRecoveryIT {
    private static final Path BASE = SandboxFixture.newBaseDir();
    private static final String CANARY = "tok_CANARY-91be2c-restart";
    private static final String OWNER = "owner-device";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    /** Secure input, then completion once the credential ref is in the environment. */
    private static final String SECRET_SETUP = """
            input=$(cat)
            case "$input" in *'"type":"cancel"'*) exit 0 ;; esac
            case "$input" in
            *'"type":"step_result"'*) [ -n "$CREDENTIAL_REF_API_TOKEN" ] || exit 5
               echo '{"type":"completion","completion":{"success":true,"summary":"Connected","permissions_granted":["mail.read"]}}' ;;
            *) echo '{"type":"setup_step","step":{"type":"secure_input","request":{"ref_id":"api_token","label":"API token","guidance":{"instructions":"Create a token"}}}}'
               echo '{"type":"await_input"}' ;;
            esac""";

    /** A device code, then completion. */
    private static final String DEVICE_SETUP = """
            input=$(cat)
            case "$input" in *'"type":"cancel"'*) exit 0 ;; esac
            case "$input" in
            *'"type":"step_result"'*)
               echo '{"type":"completion","completion":{"success":true,"summary":"Connected","permissions_granted":["mail.read"]},"token_expires_at":"2026-03-01T12:00:00Z"}' ;;
            *) echo '{"type":"setup_step","step":{"type":"device_code","verification_url":"https://example.com/device","user_code":"QRST-5555","expires_in":900,"poll_interval":5}}'
               echo '{"type":"await_input"}' ;;
            esac""";

    /** Healthy only when the credential ref is present; reports the ref name it saw (a ref, never a secret). */
    private static final String HEALTH_SEES_REF = """
            cat >/dev/null
            if [ -n "$CREDENTIAL_REF_API_TOKEN" ]; then
              echo '{"type":"result","result":{"healthy":true,"latency_ms":1,"warnings":["ref='"$CREDENTIAL_REF_API_TOKEN"'"]}}'
            else
              echo '{"type":"result","result":{"healthy":false,"error":"no credential ref","latency_ms":0}}'
            fi""";

    private static final String FAILURE_REVOKED = "cat >/dev/null\necho '{\"type\":\"failure\",\"failure\":"
            + "{\"failure_type\":\"token_revoked\",\"service\":\"Mail\",\"message\":\"Access was revoked\","
            + "\"recovery_options\":[]}}'";

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(NOW);
    private final SecretStore secrets = SecretStore.inMemory();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final BlockingQueue<RecoveryOutcome> outcomes = new LinkedBlockingQueue<>();
    private Path skillsDir;

    @BeforeEach
    void setUp() throws Exception {
        skillsDir = Files.createDirectories(tmp.resolve("skills"));
    }

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
    }

    @AfterAll
    static void cleanUp() {
        SandboxFixture.deleteTree(BASE.getParent());
    }

    private ConnectionManagerBuilder builder(ConnectionRegistry registry, SecureInputRegistry secureInput,
                                             ApprovalEngine approvals, AuditLog audit) {
        return ConnectionManager.builder()
                .skills(SkillScripts.create(skillsDir, SandboxFixture.manager(BASE), Duration.ofSeconds(3)))
                .registry(registry).secureInput(secureInput).approvals(approvals).audit(audit).clock(clock)
                .recoveryOutcomes(outcomes::add);
    }

    private static ApprovalEngine approvals(AuditLog audit, NonceStore nonces, MutableClock clock) {
        return ApprovalEngine.builder().signingKeys(SigningKeys.generate()).nonceStore(nonces).audit(audit)
                .clock(clock).build();
    }

    private static Connection activate(ConnectionManager manager, ApprovalEngine approvals, ConnectionProposal p) {
        return manager.activateConnection(p, approvals.issue(p.activationWorkItem(), ApprovalDecision.approved(),
                ApprovalScope.CONNECTION_MANAGE));
    }

    private RecoveryOutcome nextOutcome() throws InterruptedException {
        RecoveryOutcome outcome = outcomes.poll(60, TimeUnit.SECONDS);
        assertThat(outcome).as("recovery outcome").isNotNull();
        return outcome;
    }

    @Test
    void restart_newManagerOnSameFiles_healthScriptGetsCredentialRefs_canaryNowhere() throws Exception {
        Path mail = SkillFixtures.skill(skillsDir, "mail", "secure_input");
        SkillFixtures.script(mail, "setup", SECRET_SETUP);
        SkillFixtures.resultScript(mail, "probe", "{\"ok\":true}");
        SkillFixtures.script(mail, "health_check", HEALTH_SEES_REF);
        Path db = Files.createDirectories(tmp.resolve("data")).resolve("silas.db");
        String secretRef;
        try (SqliteStores first = SqliteStores.open(db, clock)) {
            AuditLog audit = first.auditLog();
            SecureInputRegistry secureInput = SecureInputRegistry.create(secrets, audit, clock, c -> { });
            ApprovalEngine approvals = approvals(audit, first.nonceStore(), clock);
            ConnectionManager manager = builder(first.connectionRegistry(), secureInput, approvals, audit).build();
            ConnectionCardFlowIT.RecordingRichChannel channel = new ConnectionCardFlowIT.RecordingRichChannel();
            CardPrompter prompter = CardPrompter.rich(channel, clock, timers);
            channel.user = (recipient, card) -> {
                if (card instanceof SecureInputCard si) {
                    try (SecretValue value = SecretValue.copyOf(CANARY.toCharArray())) {
                        secureInput.submit(si.refId(), value);
                    }
                    prompter.answer(recipient, card.cardId(), SecureInputCard.DONE);
                }
            };
            SetupOutcome outcome = manager.runSetupFlow("mail", "owner",
                    CardSetupPresenter.forOwner(prompter, OwnerChannel.of(OWNER), approvals,
                ref -> null, audit));
            ConnectionProposal proposal = ((SetupOutcome.Proposed) outcome).proposal();
            secretRef = proposal.credentialRefs().get("CREDENTIAL_REF_API_TOKEN");
            activate(manager, approvals, proposal);
        }

        List<HealthReport> reports;
        try (SqliteStores second = SqliteStores.open(db, clock)) {
            AuditLog audit = second.auditLog();
            ConnectionManager restarted = builder(second.connectionRegistry(),
                    SecureInputRegistry.create(secrets, audit, clock, c -> { }),
                    approvals(audit, second.nonceStore(), clock), audit).build();
            reports = restarted.runHealthChecks(new ConnectionTestSupport.ScriptedUser(null, ""));
            assertThat(second.connectionRegistry().credentialRefs(reports.get(0).connectionId()).orElseThrow()
                    .scopeId()).isEqualTo("owner");
        }

        assertThat(secretRef).startsWith("secure-input/");
        assertThat(secrets.contains(secretRef)).isTrue();
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(r.health().healthy()).isTrue();
            assertThat(r.health().warnings()).containsExactly("ref=" + secretRef);
        });
        assertNoCanaryIn(db);
    }

    private static void assertNoCanaryIn(Path db) throws Exception {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("connections");
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            byte[] bytes = rs.getBytes(i);
                            assertThat(bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1))
                                    .as(table).doesNotContain("CANARY");
                        }
                    }
                }
            }
        }
        try (var files = Files.list(db.getParent())) {
            for (Path file : files.toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain("CANARY");
            }
        }
    }

    /** Registers {@code mail} with the given health and refresh scripts; the proposal carries no refs. */
    private Connection mailConnection(ConnectionManager manager, ApprovalEngine approvals, String health,
                                      String refreshResult) {
        Path dir = SkillFixtures.skill(skillsDir, "mail", "device_code");
        SkillFixtures.script(dir, "setup", DEVICE_SETUP);
        SkillFixtures.resultScript(dir, "probe", "{\"ok\":true}");
        SkillFixtures.script(dir, "health_check", health);
        SkillFixtures.resultScript(dir, "refresh_token", refreshResult);
        SkillFixtures.resultScript(dir, "recover", "{\"recovered\":false}");
        return activate(manager, approvals, new ConnectionProposal("conn-mail", "mail", "owner", "personal",
                AuthStrategy.DEVICE_CODE, List.of("mail.read"), List.of("mail.read", "mail.send"), null, Map.of(),
                "Connected"));
    }

    @Test
    void refreshReportsNewRefreshTokenExpiry_savedAtOnce_sevenDayRuleUsesIt() {
        AuditLog audit = AuditLog.inMemory(clock);
        ApprovalEngine approvals = approvals(audit, NonceStore.inMemory(), clock);
        ConnectionRegistry registry = ConnectionRegistry.inMemory();
        ConnectionManager manager = builder(registry, SecureInputRegistry.create(secrets, audit, clock, c -> { }),
                approvals, audit).build();
        Connection mail = mailConnection(manager, approvals, "cat >/dev/null\necho '{\"type\":\"result\","
                        + "\"result\":{\"healthy\":true,\"token_expires_at\":\"2026-03-01T10:05:00Z\","
                        + "\"refresh_token_expires_at\":\"2026-03-04T10:00:00Z\",\"latency_ms\":2}}'",
                "{\"token_expires_at\":\"2026-03-01T11:00:00Z\",\"refresh_token_expires_at\":\"2026-05-30T10:00:00Z\"}");
        registry.save(mail.withLastUsed(NOW.minus(Duration.ofDays(1))));

        HealthReport report = manager.runHealthChecks(new ConnectionTestSupport.ScriptedUser(null, "")).get(0);

        assertThat(report.refreshed()).isTrue();
        assertThat(report.reconnectSuggestion()).as("rotated refresh token is 90 days out").isNull();
        Connection saved = registry.get("conn-mail").orElseThrow();
        assertThat(saved.tokenExpiresAt()).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
        assertThat(saved.refreshTokenExpiresAt()).isEqualTo(Instant.parse("2026-05-30T10:00:00Z"));
        assertThat(saved.lastRefresh()).isEqualTo(NOW);
        assertThat(audit.findByEvent(ConnectionManager.EVENT_RECONNECT_SUGGESTED)).isEmpty();

        clock.advance(Duration.ofDays(85));
        RefreshDecision later = RefreshDecision.evaluate(saved.withLastUsed(clock.instant()), clock.instant());
        assertThat(later.suggestion()).isNotNull();
        assertThat(later.suggestion().refreshTokenExpiresAt()).isEqualTo(Instant.parse("2026-05-30T10:00:00Z"));
    }

    @Test
    void refreshToken_withoutRefreshExpiryField_keepsStoredOne_nearExpiryStillSuggested() {
        AuditLog audit = AuditLog.inMemory(clock);
        ApprovalEngine approvals = approvals(audit, NonceStore.inMemory(), clock);
        ConnectionRegistry registry = ConnectionRegistry.inMemory();
        List<Object> suggested = new CopyOnWriteArrayList<>();
        ConnectionManager manager = builder(registry, SecureInputRegistry.create(secrets, audit, clock, c -> { }),
                approvals, audit).reconnectSuggestions(suggested::add).build();
        Connection mail = mailConnection(manager, approvals, "cat >/dev/null\necho '{\"type\":\"result\","
                        + "\"result\":{\"healthy\":true,\"token_expires_at\":\"2026-03-01T10:05:00Z\","
                        + "\"refresh_token_expires_at\":\"2026-03-04T10:00:00Z\",\"latency_ms\":2}}'",
                "{\"token_expires_at\":\"2026-03-01T11:00:00Z\"}");
        registry.save(mail.withLastUsed(NOW.minus(Duration.ofDays(1))));

        HealthReport report = manager.runHealthChecks(new ConnectionTestSupport.ScriptedUser(null, "")).get(0);

        assertThat(report.refreshed()).isTrue();
        assertThat(report.reconnectSuggestion()).isNotNull();
        assertThat(report.reconnectSuggestion().daysLeft()).isEqualTo(3);
        assertThat(suggested).hasSize(1);
        assertThat(registry.get("conn-mail").orElseThrow().refreshTokenExpiresAt())
                .isEqualTo(Instant.parse("2026-03-04T10:00:00Z"));
    }

    /** A manager over an in-memory registry whose failure cards go through real rich cards to {@code OWNER}. */
    private final class ChipFixture {
        final AuditLog audit = AuditLog.inMemory(clock);
        final ApprovalEngine approvals = approvals(audit, NonceStore.inMemory(), clock);
        final ConnectionRegistry registry = ConnectionRegistry.inMemory();
        final ConnectionCardFlowIT.RecordingRichChannel channel = new ConnectionCardFlowIT.RecordingRichChannel();
        final CardPrompter prompter = CardPrompter.rich(channel, clock, timers);
        final CardSetupPresenter presenter = CardSetupPresenter.forOwner(prompter, OwnerChannel.of(OWNER), approvals,
                ref -> null, audit);
        final RecordingScheduler scheduler = new RecordingScheduler();
        final ConnectionManager manager = builder(registry, SecureInputRegistry.create(secrets, audit, clock,
                c -> { }), approvals, audit).healthJobs(scheduler, presenter).build();

        /** The user taps {@code chip} on failure cards (from the owner's device) and finishes device codes. */
        void userTaps(String chip, Runnable beforeTap) {
            channel.user = (recipient, card) -> {
                if (card instanceof ConnectionFailureCard) {
                    assertThat(recipient).isEqualTo(OWNER);
                    assertThat(prompter.answer("stranger", card.cardId(), chip)).isFalse();
                    beforeTap.run();
                    prompter.answer(recipient, card.cardId(), chip);
                } else if (card instanceof DeviceCodeCard) {
                    prompter.answer(recipient, card.cardId(), DeviceCodeCard.DONE);
                }
            };
        }
    }

    @Test
    void healthFailure_reconnectChip_runsSetupFlow_connectionActiveAgain() throws Exception {
        ChipFixture f = new ChipFixture();
        mailConnection(f.manager, f.approvals, FAILURE_REVOKED, "{\"token_expires_at\":null}");
        f.userTaps("reconnect", () -> { });

        HealthReport report = f.manager.runHealthChecks(f.presenter).get(0);
        RecoveryOutcome outcome = nextOutcome();

        assertThat(report.status()).isEqualTo(ConnectionStatus.FAILED);
        assertThat(outcome.action()).isEqualTo("reconnect");
        assertThat(outcome.result()).isEqualTo(RecoveryOutcome.Result.SUCCEEDED);
        assertThat(outcome.connectionId()).isEqualTo("conn-mail");
        Connection mail = f.registry.get("conn-mail").orElseThrow();
        assertThat(mail.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(mail.tokenExpiresAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(mail.permissionsGranted()).containsExactly("mail.read");
        assertThat(f.channel.cards).extracting(c -> c.getClass().getSimpleName())
                .containsExactly("ConnectionFailureCard", "DeviceCodeCard", "CompletionCard");
        assertThat(((ConnectionFailureCard) f.channel.cards.get(0)).actions()).extracting(a -> a.value())
                .containsExactly("reconnect", "skip");
        assertThat(f.audit.findByEvent(ConnectionManager.EVENT_RECOVERY)).singleElement().satisfies(e -> {
            assertThat(e.data().get("action").asText()).isEqualTo("reconnect");
            assertThat(e.data().get("result").asText()).isEqualTo("succeeded");
        });
    }

    @Test
    void healthFailure_retryChip_healthyAgain_active() throws Exception {
        ChipFixture f = new ChipFixture();
        String unhealthy = "cat >/dev/null\necho '{\"type\":\"result\",\"result\":{\"healthy\":false,"
                + "\"error\":\"service down\",\"latency_ms\":0}}'";
        mailConnection(f.manager, f.approvals, unhealthy, "{\"token_expires_at\":null}");
        Path dir = skillsDir.resolve("mail");
        f.userTaps("retry", () -> SkillFixtures.resultScript(dir, "health_check",
                "{\"healthy\":true,\"latency_ms\":1}"));

        f.manager.runHealthChecks(f.presenter);
        RecoveryOutcome outcome = nextOutcome();

        assertThat(outcome.result()).isEqualTo(RecoveryOutcome.Result.SUCCEEDED);
        assertThat(f.registry.get("conn-mail").orElseThrow().status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(f.registry.get("conn-mail").orElseThrow().lastHealthCheck()).isEqualTo(NOW);
    }

    @Test
    void healthFailure_cardTimesOut_skip_statusStaysFailed_audited() throws Exception {
        ChipFixture f = new ChipFixture();
        mailConnection(f.manager, f.approvals, FAILURE_REVOKED, "{\"token_expires_at\":null}");
        f.channel.user = (recipient, card) -> { };

        f.manager.runHealthChecks(f.presenter);
        clock.advance(Duration.ofHours(1));
        f.prompter.expireDue();
        RecoveryOutcome outcome = nextOutcome();

        assertThat(outcome.action()).isEqualTo("skip");
        assertThat(outcome.result()).isEqualTo(RecoveryOutcome.Result.SKIPPED);
        assertThat(f.registry.get("conn-mail").orElseThrow().status()).isEqualTo(ConnectionStatus.FAILED);
        assertThat(f.channel.cards).hasSize(1);
        assertThat(f.audit.findByEvent(ConnectionManager.EVENT_RECOVERY)).singleElement()
                .satisfies(e -> assertThat(e.data().get("result").asText()).isEqualTo("skipped"));
    }

    @Test
    void healthFailure_disconnect_skip() throws Exception {
        ChipFixture f = new ChipFixture();
        mailConnection(f.manager, f.approvals, FAILURE_REVOKED, "{\"token_expires_at\":null}");
        f.channel.user = (recipient, card) -> f.prompter.disconnected(recipient);

        f.manager.runHealthChecks(f.presenter);

        assertThat(nextOutcome().result()).isEqualTo(RecoveryOutcome.Result.SKIPPED);
        assertThat(f.registry.get("conn-mail").orElseThrow().status()).isEqualTo(ConnectionStatus.FAILED);
    }

    @Test
    void healthFailure_retryLater_schedulesOneRetryJob_whichRestores() throws Exception {
        ChipFixture f = new ChipFixture();
        String rateLimited = "cat >/dev/null\necho '{\"type\":\"failure\",\"failure\":{\"failure_type\":"
                + "\"rate_limited\",\"service\":\"Mail\",\"message\":\"Slow down\",\"recovery_options\":[]}}'";
        mailConnection(f.manager, f.approvals, rateLimited, "{\"token_expires_at\":null}");
        f.userTaps("retry_later", () -> { });

        f.manager.runHealthChecks(f.presenter);
        RecoveryOutcome deferred = nextOutcome();

        assertThat(deferred.result()).isEqualTo(RecoveryOutcome.Result.DEFERRED);
        assertThat(f.scheduler.schedules.get("recovery:conn-mail"))
                .isEqualTo(Schedule.every(Duration.ofMinutes(15), Duration.ofMinutes(15)));
        SkillFixtures.resultScript(skillsDir.resolve("mail"), "health_check", "{\"healthy\":true,\"latency_ms\":1}");
        f.scheduler.jobs.get("recovery:conn-mail").run();
        assertThat(f.scheduler.jobs).doesNotContainKey("recovery:conn-mail");
        RecoveryOutcome retried = nextOutcome();
        assertThat(retried.action()).isEqualTo("retry");
        assertThat(retried.result()).isEqualTo(RecoveryOutcome.Result.SUCCEEDED);
        assertThat(f.registry.get("conn-mail").orElseThrow().status()).isEqualTo(ConnectionStatus.ACTIVE);
    }

    @Test
    void setupFailure_retryChip_runsSetupAgain_proposed() throws Exception {
        ChipFixture f = new ChipFixture();
        Path dir = SkillFixtures.skill(skillsDir, "mail", "device_code");
        SkillFixtures.script(dir, "setup", "cat >/dev/null\necho '{\"type\":\"failure\",\"failure\":{\"failure_type\":"
                + "\"consent_denied\",\"service\":\"Mail\",\"message\":\"Declined\",\"recovery_options\":[]}}'");
        SkillFixtures.resultScript(dir, "probe", "{\"ok\":true}");
        f.userTaps("retry", () -> SkillFixtures.script(dir, "setup", DEVICE_SETUP));

        SetupOutcome outcome = f.manager.runSetupFlow("mail", "owner", f.presenter);

        assertThat(outcome).isInstanceOf(SetupOutcome.Proposed.class);
        assertThat(((ConnectionFailureCard) f.channel.cards.get(0)).actions()).extracting(a -> a.value())
                .containsExactly("retry", "retry_fewer_permissions", "skip");
        RecoveryOutcome recovery = nextOutcome();
        assertThat(recovery.connectionId()).isNull();
        assertThat(recovery.result()).isEqualTo(RecoveryOutcome.Result.SUCCEEDED);
        assertThat(f.registry.list()).isEmpty();
    }

    @Test
    void setupFailure_enterprisePolicyBlock_draftItRequest_workItemHandedToHost() throws Exception {
        ChipFixture f = new ChipFixture();
        Path dir = SkillFixtures.skill(skillsDir, "mail", "device_code");
        SkillFixtures.script(dir, "setup", "cat >/dev/null\necho '{\"type\":\"failure\",\"failure\":{\"failure_type\":"
                + "\"enterprise_policy_block\",\"service\":\"Mail\",\"message\":\"Blocked by IT\","
                + "\"recovery_options\":[]}}'");
        f.userTaps("draft_it_request", () -> { });

        SetupOutcome outcome = f.manager.runSetupFlow("mail", "owner", f.presenter);

        assertThat(outcome).isInstanceOf(SetupOutcome.Failed.class);
        RecoveryOutcome recovery = nextOutcome();
        assertThat(recovery.result()).isEqualTo(RecoveryOutcome.Result.DRAFTED);
        WorkItem draft = recovery.itRequest();
        assertThat(draft).isNotNull();
        assertThat(draft.body()).contains("mail.read").contains("Do not send it");
        assertThat(f.audit.findByEvent(ConnectionManager.EVENT_RECOVERY)).singleElement()
                .satisfies(e -> assertThat(e.data().get("work_item_id").asText()).isEqualTo(draft.id()));
        assertThat(f.registry.list()).isEmpty();
    }

    /** Records jobs instead of timing them; the test runs a job by hand. */
    private static final class RecordingScheduler implements Scheduler {
        final Map<String, Runnable> jobs = new TreeMap<>();
        final Map<String, Schedule> schedules = new TreeMap<>();

        @Override
        public synchronized ScheduledJob schedule(String name, Schedule when, Runnable job) {
            jobs.put(Scheduler.requireValidName(name), job);
            schedules.put(name, when);
            return new ScheduledJob(name, when, null);
        }

        @Override
        public synchronized void cancel(String name) {
            jobs.remove(name);
        }

        @Override
        public synchronized List<ScheduledJob> jobs() {
            return schedules.entrySet().stream().map(e -> new ScheduledJob(e.getKey(), e.getValue(), null)).toList();
        }

        @Override
        public void close() {
            jobs.clear();
        }
    }
}
