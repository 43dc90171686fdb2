package io.silas.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.audit.AuditLog;
import io.silas.core.connection.AuthStrategy;
import io.silas.core.connection.Connection;
import io.silas.core.connection.ConnectionFailure;
import io.silas.core.connection.ConnectionManager;
import io.silas.core.connection.ConnectionProposal;
import io.silas.core.connection.ConnectionRegistry;
import io.silas.core.connection.ConnectionStatus;
import io.silas.core.connection.HealthReport;
import io.silas.core.connection.RecoveryOption;
import io.silas.core.connection.SecureInputCompleted;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.connection.SetupCardPresenter;
import io.silas.core.connection.SetupOutcome;
import io.silas.core.connection.SetupStep;
import io.silas.core.connection.SetupStepResponse.Action;
import io.silas.core.connection.SetupStepResponse;
import io.silas.core.connection.SkillScripts;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SigningKeys;
import io.silas.execution.sandbox.SandboxFixture;
import io.silas.sqlite.SqliteStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionManagerIT {
    private static final Path BASE = SandboxFixture.newBaseDir();
    private static final String CANARY = "tok_CANARY-91c4e2-do-not-leak";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    /** Device code, then secure input, then completion once the credential ref is in the environment. */
    private static final String SETUP = """
            input=$(cat)
            case "$input" in *'"type":"cancel"'*) echo '{"type":"log","level":"info","message":"cancelled"}'; exit 0 ;; esac
            n=$(printf '%s\\n' "$input" | grep -c '"type":"step_result"')
            case "$n" in
            0) echo '{"type":"setup_step","step":{"type":"progress","message":"Starting","progress_pct":10}}'
               echo '{"type":"setup_step","step":{"type":"device_code","verification_url":"https://example.com/device","user_code":"ABCD-1234","expires_in":900,"poll_interval":5}}'
               echo '{"type":"await_input"}' ;;
            1) echo '{"type":"setup_step","step":{"type":"secure_input","request":{"ref_id":"api_token","label":"API token","input_hint":"tok_","guidance":{"instructions":"Create a token in settings"}}}}'
               echo '{"type":"await_input"}' ;;
            *) case "$input" in *'"credential_ref":"'"$CREDENTIAL_REF_API_TOKEN"'"'*) ;; *) exit 4 ;; esac
               [ -n "$CREDENTIAL_REF_API_TOKEN" ] || exit 5
               echo '{"type":"completion","completion":{"success":true,"summary":"Connected to Mail","permissions_granted":["mail.read"]},"token_expires_at":"2026-03-01T12:00:00Z"}' ;;
            esac""";

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(NOW);
    private final AuditLog audit = AuditLog.inMemory(clock);
    private final SecretStore secrets = SecretStore.inMemory();
    private final List<SecureInputCompleted> agentSide = new CopyOnWriteArrayList<>();
    private final SecureInputRegistry secureInput = SecureInputRegistry.create(secrets, audit, clock, agentSide::add);
    private final ConnectionRegistry registry = ConnectionRegistry.inMemory();
    private final ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
            .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private Path skillsDir;
    private SkillFixtures.CountingSandboxManager sandboxes;
    private ConnectionManager manager;

    @BeforeEach
    void setUp() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        skillsDir = Files.createDirectories(tmp.resolve("skills"));
        sandboxes = new SkillFixtures.CountingSandboxManager(SandboxFixture.manager(BASE));
        manager = ConnectionManager.builder()
                .skills(SkillScripts.create(skillsDir, sandboxes, Duration.ofSeconds(3)))
                .registry(registry).secureInput(secureInput)
                .approvals(approvals)
                .audit(audit).clock(clock).build();
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    @AfterAll
    static void cleanUp() {
        SandboxFixture.deleteTree(BASE.getParent());
    }

    private Path mailSkill(String setupBody) {
        Path dir = SkillFixtures.skill(skillsDir, "mail", "device_code");
        SkillFixtures.script(dir, "setup", setupBody);
        SkillFixtures.resultScript(dir, "probe", "{\"ok\":true}");
        return dir;
    }

    private ApprovalToken approve(ConnectionProposal proposal) {
        return approvals.issue(proposal.activationWorkItem(), ApprovalDecision.approved(),
                ApprovalScope.CONNECTION_MANAGE);
    }

    private ConnectionProposal proposal(String skill) {
        return new ConnectionProposal("conn-" + skill, skill, "scope-1", "personal", AuthStrategy.DEVICE_CODE,
                List.of("mail.read"), List.of("mail.read", "mail.send"), null, Map.of(), "Connected");
    }

    @Test
    void setupFlow_deviceCodeAndSecureInput_completesProbesAndActivates() {
        mailSkill(SETUP);
        ConnectionTestSupport.ScriptedUser user =
                new ConnectionTestSupport.ScriptedUser(secureInput, CANARY, Action.DONE, Action.DONE);

        SetupOutcome outcome = manager.runSetupFlow("mail", "scope-1", user);

        assertThat(outcome).isInstanceOf(SetupOutcome.Proposed.class);
        ConnectionProposal proposal = ((SetupOutcome.Proposed) outcome).proposal();
        assertThat(user.presented).hasSize(2);
        assertThat(user.presented.get(0)).isInstanceOf(SetupStep.DeviceCode.class);
        SetupStep.SecureInput card = (SetupStep.SecureInput) user.presented.get(1);
        String ref = card.request().refId();
        assertThat(ref).isNotEqualTo("api_token").matches("[0-9a-f]{64}");
        assertThat(card.request().label()).isEqualTo("API token");
        assertThat(user.shown).hasSize(2);
        assertThat(user.shown.get(0)).isInstanceOf(SetupStep.Progress.class);
        assertThat(user.shown.get(1)).isInstanceOf(SetupStep.Completion.class);
        assertThat(agentSide).containsExactly(new SecureInputCompleted(ref, true));
        assertThat(proposal.credentialRefs()).containsExactly(
                Map.entry("CREDENTIAL_REF_API_TOKEN", SecureInputRegistry.secretRef(ref)));
        assertThat(registry.list()).isEmpty();

        Connection connection = manager.activateConnection(proposal, approve(proposal));

        assertThat(connection.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(connection.initialPermissions()).containsExactly("mail.read");
        assertThat(connection.permissionsAvailable()).containsExactly("mail.read", "mail.send");
        assertThat(connection.tokenExpiresAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(manager.listConnections()).containsExactly(connection);
        assertThat(audit.findByEvent(ConnectionManager.EVENT_ACTIVATED)).hasSize(1);
        assertThat(secrets.contains(SecureInputRegistry.secretRef(ref))).isTrue();

        List<String> texts = new ArrayList<>();
        user.presented.forEach(s -> texts.add(s.toString()));
        user.shown.forEach(s -> texts.add(s.toString()));
        audit.read(0, 1000).forEach(e -> texts.add(e.toString()));
        registry.list().forEach(c -> texts.add(c.toString()));
        texts.add(proposal.toString());
        texts.add(proposal.activationWorkItem().toString());
        texts.add(captured.toString(StandardCharsets.UTF_8));
        assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain("CANARY"));
    }

    @Test
    void setupFlow_withSqliteStores_canaryInNoTableOrFile() throws Exception {
        mailSkill(SETUP);
        Path db = tmp.resolve("data/silas.db");
        Files.createDirectories(db.getParent());
        try (SqliteStores stores = SqliteStores.open(db, clock)) {
            AuditLog sqlAudit = stores.auditLog();
            SecureInputRegistry sqlSecureInput = SecureInputRegistry.create(secrets, sqlAudit, clock, agentSide::add);
            ApprovalEngine engine = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                    .nonceStore(stores.nonceStore()).audit(sqlAudit).clock(clock).build();
            ConnectionManager sqlManager = ConnectionManager.builder()
                    .skills(SkillScripts.create(skillsDir, sandboxes, Duration.ofSeconds(3)))
                    .registry(stores.connectionRegistry()).secureInput(sqlSecureInput).approvals(engine)
                    .audit(sqlAudit).clock(clock).build();
            SetupOutcome outcome = sqlManager.runSetupFlow("mail", "scope-1",
                    new ConnectionTestSupport.ScriptedUser(sqlSecureInput, CANARY, Action.DONE, Action.DONE));
            ConnectionProposal proposal = ((SetupOutcome.Proposed) outcome).proposal();
            sqlManager.activateConnection(proposal, engine.issue(proposal.activationWorkItem(),
                    ApprovalDecision.approved(), ApprovalScope.CONNECTION_MANAGE));
            assertThat(stores.connectionRegistry().list()).hasSize(1);
            assertThat(sqlAudit.findByEvent(SecureInputRegistry.EVENT_SECRET_STORED)).hasSize(1);
        }
        try (var files = Files.list(db.getParent())) {
            for (Path file : files.toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain("CANARY");
            }
        }
    }

    @Test
    void setupFlow_cancelAfterSecretSubmitted_noRecordNoSecretLeft() {
        mailSkill(SETUP);
        ConnectionTestSupport.ScriptedUser user =
                new ConnectionTestSupport.ScriptedUser(secureInput, CANARY, Action.DONE, Action.CANCEL);

        SetupOutcome outcome = manager.runSetupFlow("mail", "scope-1", user);

        assertThat(outcome).isInstanceOf(SetupOutcome.Cancelled.class);
        String ref = ((SetupStep.SecureInput) user.presented.get(1)).request().refId();
        assertThat(secrets.contains(SecureInputRegistry.secretRef(ref))).isFalse();
        assertThat(registry.list()).isEmpty();
        assertThat(audit.findByEvent(ConnectionManager.EVENT_SETUP_CANCELLED)).hasSize(1);
    }

    @Test
    void setupFlow_presenterFailsOrTimesOut_treatedAsCancel() {
        mailSkill(SETUP);
        ConnectionTestSupport.ScriptedUser timingOut = new ConnectionTestSupport.ScriptedUser(secureInput, CANARY);
        assertThat(manager.runSetupFlow("mail", "scope-1", timingOut)).isInstanceOf(SetupOutcome.Cancelled.class);
        SetupCardPresenter broken = new SetupCardPresenter() {
            @Override
            public SetupStepResponse present(String scopeId, SetupStep step, Duration timeout) {
                throw new IllegalStateException("recipient disconnected");
            }

            @Override
            public void show(String scopeId, SetupStep step) {
            }
        };
        assertThat(manager.runSetupFlow("mail", "scope-1", broken)).isInstanceOf(SetupOutcome.Cancelled.class);
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void setupFlow_malformedLine_unknownFailureWithSkipCard() {
        mailSkill("cat >/dev/null\necho 'this is not json'");
        ConnectionTestSupport.ScriptedUser user = new ConnectionTestSupport.ScriptedUser(secureInput, CANARY);
        SetupOutcome outcome = manager.runSetupFlow("mail", "scope-1", user);
        assertThat(outcome).isInstanceOf(SetupOutcome.Failed.class);
        assertThat(((SetupOutcome.Failed) outcome).failure().failureType())
                .isEqualTo(ConnectionFailure.FailureType.UNKNOWN);
        SetupStep.Failure card = (SetupStep.Failure) user.shown.get(0);
        assertThat(card.failure().recoveryOptions()).extracting(RecoveryOption::action).contains(RecoveryOption.SKIP);
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void setupFlow_crashAfterSecretCollected_unknownFailureAndSecretRemoved() {
        mailSkill(SETUP.replace("echo '{\"type\":\"completion\"", "kill -KILL $$; echo '{\"type\":\"completion\""));
        ConnectionTestSupport.ScriptedUser user =
                new ConnectionTestSupport.ScriptedUser(secureInput, CANARY, Action.DONE, Action.DONE);
        SetupOutcome outcome = manager.runSetupFlow("mail", "scope-1", user);
        assertThat(outcome).isInstanceOf(SetupOutcome.Failed.class);
        String ref = ((SetupStep.SecureInput) user.presented.get(1)).request().refId();
        assertThat(secrets.contains(SecureInputRegistry.secretRef(ref))).isFalse();
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void setupFlow_hangingScript_timesOutAsUnknownFailure() {
        mailSkill("sleep 60");
        SetupOutcome outcome = manager.runSetupFlow("mail", "scope-1",
                new ConnectionTestSupport.ScriptedUser(secureInput, CANARY));
        assertThat(outcome).isInstanceOf(SetupOutcome.Failed.class);
        assertThat(((SetupOutcome.Failed) outcome).failure().failureType())
                .isEqualTo(ConnectionFailure.FailureType.UNKNOWN);
    }

    @Test
    void setupFlow_scriptReportedFailure_passedThrough() {
        mailSkill("cat >/dev/null\necho '{\"type\":\"failure\",\"failure\":{\"failure_type\":\"consent_denied\","
                + "\"service\":\"Mail\",\"message\":\"Consent was denied\",\"recovery_options\":[]}}'");
        SetupOutcome outcome = manager.runSetupFlow("mail", "scope-1",
                new ConnectionTestSupport.ScriptedUser(secureInput, CANARY));
        assertThat(((SetupOutcome.Failed) outcome).failure().failureType())
                .isEqualTo(ConnectionFailure.FailureType.CONSENT_DENIED);
    }

    @Test
    void setupFlow_failingProbe_noProposal() {
        Path dir = mailSkill(SETUP);
        SkillFixtures.resultScript(dir, "probe", "{\"ok\":false}");
        SetupOutcome outcome = manager.runSetupFlow("mail", "scope-1",
                new ConnectionTestSupport.ScriptedUser(secureInput, CANARY, Action.DONE, Action.DONE));
        assertThat(outcome).isInstanceOf(SetupOutcome.Failed.class);
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void setupFlow_traversalSkillName_notFoundNothingSpawned() throws Exception {
        SkillFixtures.skill(tmp, "evil", "device_code");
        SkillFixtures.script(tmp.resolve("evil"), "setup", "touch /tmp/evil-ran");
        for (String name : List.of("../evil", "..", "/etc", "mail/../../evil")) {
            SetupOutcome outcome = manager.runSetupFlow(name, "scope-1",
                    new ConnectionTestSupport.ScriptedUser(secureInput, CANARY));
            assertThat(outcome).isInstanceOf(SetupOutcome.Failed.class);
            assertThat(((SetupOutcome.Failed) outcome).failure().message()).contains("not found");
        }
        assertThat(sandboxes.created.get()).isZero();
    }

    @Test
    void health_tokenExpiringWithinTenMinutes_refreshedNow() {
        Path dir = SkillFixtures.skill(skillsDir, "mail", "device_code");
        SkillFixtures.resultScript(dir, "health_check", "{\"healthy\":true,\"token_expires_at\":"
                + "\"2026-03-01T10:05:00Z\",\"latency_ms\":12,\"warnings\":[]}");
        SkillFixtures.resultScript(dir, "refresh_token", "{\"token_expires_at\":\"2026-03-01T11:00:00Z\"}");
        ConnectionProposal proposal = proposal("mail");
        manager.activateConnection(proposal, approve(proposal));

        List<HealthReport> reports = manager.runHealthChecks(new ConnectionTestSupport.ScriptedUser(secureInput, ""));

        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.refreshed()).isTrue();
            assertThat(r.status()).isEqualTo(ConnectionStatus.ACTIVE);
        });
        Connection stored = registry.get("conn-mail").orElseThrow();
        assertThat(stored.tokenExpiresAt()).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
        assertThat(stored.lastRefresh()).isEqualTo(NOW);
        assertThat(stored.lastHealthCheck()).isEqualTo(NOW);
        assertThat(audit.findByEvent(ConnectionManager.EVENT_REFRESHED)).hasSize(1);
    }

    @Test
    void health_tokenFarFromExpiry_noRefresh() {
        Path dir = SkillFixtures.skill(skillsDir, "mail", "device_code");
        SkillFixtures.resultScript(dir, "health_check", "{\"healthy\":true,\"token_expires_at\":"
                + "\"2026-03-01T11:00:00Z\",\"latency_ms\":12}");
        ConnectionProposal proposal = proposal("mail");
        manager.activateConnection(proposal, approve(proposal));
        assertThat(manager.runHealthChecks(new ConnectionTestSupport.ScriptedUser(secureInput, "")))
                .singleElement().satisfies(r -> assertThat(r.refreshed()).isFalse());
        assertThat(audit.findByEvent(ConnectionManager.EVENT_REFRESHED)).isEmpty();
    }

    @Test
    void health_unhealthy_refreshThenRecoverOnceEach_thenFailed() {
        Path dir = SkillFixtures.skill(skillsDir, "mail", "device_code");
        SkillFixtures.script(dir, "health_check", "cat >/dev/null\necho '{\"type\":\"failure\",\"failure\":"
                + "{\"failure_type\":\"token_revoked\",\"service\":\"Mail\",\"message\":\"Token revoked\","
                + "\"recovery_options\":[{\"action\":\"reconnect\",\"label\":\"Reconnect\","
                + "\"description\":\"Sign in again\",\"risk_level\":\"low\"}]}}'");
        SkillFixtures.resultScript(dir, "refresh_token", "{\"token_expires_at\":\"2026-03-01T11:00:00Z\"}");
        SkillFixtures.resultScript(dir, "recover", "{\"recovered\":true}");
        ConnectionProposal proposal = proposal("mail");
        manager.activateConnection(proposal, approve(proposal));
        ConnectionTestSupport.ScriptedUser user = new ConnectionTestSupport.ScriptedUser(secureInput, "");

        List<HealthReport> reports = manager.runHealthChecks(user);

        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.refreshed()).isTrue();
            assertThat(r.recovered()).isTrue();
            assertThat(r.status()).isEqualTo(ConnectionStatus.FAILED);
            assertThat(r.failure().failureType()).isEqualTo(ConnectionFailure.FailureType.TOKEN_REVOKED);
        });
        assertThat(registry.get("conn-mail").orElseThrow().status()).isEqualTo(ConnectionStatus.FAILED);
        assertThat(audit.findByEvent(ConnectionManager.EVENT_REFRESHED)).hasSize(1);
        assertThat(audit.findByEvent(ConnectionManager.EVENT_RECOVERED)).hasSize(1);
        assertThat(audit.findByEvent(ConnectionManager.EVENT_FAILED)).hasSize(1);
        SetupStep.Failure card = (SetupStep.Failure) user.shown.get(0);
        assertThat(card.failure().recoveryOptions()).extracting(RecoveryOption::action)
                .containsExactly("reconnect", RecoveryOption.SKIP);
        assertThat(manager.runHealthChecks(user)).isEmpty();
    }

    @Test
    void health_unhealthyResult_failedWithItsError() {
        Path dir = SkillFixtures.skill(skillsDir, "mail", "device_code");
        SkillFixtures.resultScript(dir, "health_check", "{\"healthy\":false,\"error\":\"expired token\",\"latency_ms\":1}");
        ConnectionProposal proposal = proposal("mail");
        manager.activateConnection(proposal, approve(proposal));
        List<HealthReport> reports = manager.runHealthChecks(new ConnectionTestSupport.ScriptedUser(secureInput, ""));
        assertThat(reports.get(0).status()).isEqualTo(ConnectionStatus.FAILED);
        assertThat(reports.get(0).refreshed()).isFalse();
        assertThat(reports.get(0).recovered()).isFalse();
        assertThat(reports.get(0).health().error()).isEqualTo("expired token");
    }
}
