package io.silas.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.audit.AuditLog;
import io.silas.core.connection.AuthStrategy;
import io.silas.core.connection.Connection;
import io.silas.core.connection.ConnectionManager;
import io.silas.core.connection.ConnectionPermission;
import io.silas.core.connection.ConnectionProposal;
import io.silas.core.connection.ConnectionRegistry;
import io.silas.core.connection.EscalationDecision;
import io.silas.core.connection.EscalationOutcome;
import io.silas.core.connection.PermissionEscalationPresenter;
import io.silas.core.connection.PermissionEscalationRequest;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.connection.SetupStep;
import io.silas.core.connection.SetupStepResponse.Action;
import io.silas.core.connection.SetupStepResponse;
import io.silas.core.connection.SkillScripts;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Permission escalation cards: Approve (re-auth with incremental scopes), Just this once, Deny — real scripts. */
class ConnectionEscalationIT {
    private static final Path BASE = SandboxFixture.newBaseDir();
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    /** Re-auth: requires the incremental scope and the current grant in `start`, one device-code round. */
    private static final String REAUTH = """
            input=$(cat)
            case "$input" in *'"incremental_scopes":["mail.send"]'*) ;; *) exit 3 ;; esac
            case "$input" in *'"initial_permissions":["mail.read"]'*) ;; *) exit 4 ;; esac
            case "$input" in *'"type":"cancel"'*) exit 0 ;; esac
            n=$(printf '%s\\n' "$input" | grep -c '"type":"step_result"')
            if [ "$n" = 0 ]; then
              echo '{"type":"setup_step","step":{"type":"device_code","verification_url":"https://example.com/device","user_code":"WXYZ-9876","expires_in":900,"poll_interval":5}}'
              echo '{"type":"await_input"}'
            else
              echo '{"type":"completion","completion":{"success":true,"summary":"Mail can now send","permissions_granted":["mail.read","mail.send"]}}'
            fi""";

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(NOW);
    private final AuditLog audit = AuditLog.inMemory(clock);
    private final SecureInputRegistry secureInput =
            SecureInputRegistry.create(SecretStore.inMemory(), audit, clock, c -> { });
    private final ConnectionRegistry registry = ConnectionRegistry.inMemory();
    private final ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
            .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
    private Path skillDir;
    private SkillFixtures.CountingSandboxManager sandboxes;
    private ConnectionManager manager;
    private Connection mail;

    @BeforeEach
    void setUp() throws Exception {
        Path skillsDir = Files.createDirectories(tmp.resolve("skills"));
        skillDir = SkillFixtures.skill(skillsDir, "mail", "device_code");
        SkillFixtures.script(skillDir, "setup", REAUTH);
        SkillFixtures.resultScript(skillDir, "probe", "{\"ok\":true}");
        sandboxes = new SkillFixtures.CountingSandboxManager(SandboxFixture.manager(BASE));
        manager = ConnectionManager.builder()
                .skills(SkillScripts.create(skillsDir, sandboxes, Duration.ofSeconds(3)))
                .registry(registry).secureInput(secureInput).approvals(approvals)
                .audit(audit).clock(clock).build();
        ConnectionProposal proposal = new ConnectionProposal("conn-mail", "mail", "scope-1", "personal",
                AuthStrategy.DEVICE_CODE, List.of("mail.read"), List.of("mail.read", "mail.send", "calendar.read"),
                null, Map.of(), "Connected");
        mail = manager.activateConnection(proposal, approvals.issue(proposal.activationWorkItem(),
                ApprovalDecision.approved(), ApprovalScope.CONNECTION_MANAGE));
    }

    @AfterAll
    static void cleanUp() {
        SandboxFixture.deleteTree(BASE.getParent());
    }

    /** The owner behind the escalation card (decision from a function) and the setup cards (scripted answers). */
    private final class Owner implements PermissionEscalationPresenter {
        final List<PermissionEscalationRequest> requests = new CopyOnWriteArrayList<>();
        final ConnectionTestSupport.ScriptedUser cards;
        private final Function<PermissionEscalationRequest, EscalationDecision> decider;

        Owner(Function<PermissionEscalationRequest, EscalationDecision> decider, Action... cardAnswers) {
            this.decider = decider;
            this.cards = new ConnectionTestSupport.ScriptedUser(secureInput, "", cardAnswers);
        }

        @Override
        public EscalationDecision decide(String scopeId, PermissionEscalationRequest request, Duration timeout) {
            requests.add(request);
            return decider.apply(request);
        }

        @Override
        public SetupStepResponse present(String scopeId, SetupStep step, Duration timeout) {
            return cards.present(scopeId, step, timeout);
        }

        @Override
        public void show(String scopeId, SetupStep step) {
            cards.show(scopeId, step);
        }
    }

    private ApprovalToken token(PermissionEscalationRequest request, ApprovalScope scope) {
        return approvals.issue(request.approvalWorkItem(), ApprovalDecision.approved(), scope);
    }

    private static void assertDenied(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOf(SilasException.class)
                .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.APPROVAL_DENIED);
    }

    @Test
    void approve_reauthWithIncrementalScopes_recordUpdatedAndTokenAudited() {
        Owner owner = new Owner(r -> new EscalationDecision.Approve(token(r, ApprovalScope.CONNECTION_MANAGE)),
                Action.DONE);

        EscalationOutcome outcome = manager.escalatePermission("conn-mail", List.of("mail.send"),
                "Send the weekly report", "scope-1", owner);

        PermissionEscalationRequest request = owner.requests.get(0);
        assertThat(request.connectionName()).isEqualTo("mail");
        assertThat(request.currentPermissions()).containsExactly("mail.read");
        assertThat(request.requestedPermissions()).containsExactly("mail.send");
        assertThat(request.reason()).isEqualTo("Send the weekly report");
        assertThat(request.riskLevel()).isEqualTo(PermissionEscalationRequest.Risk.MEDIUM);
        assertThat(owner.cards.presented).singleElement().isInstanceOf(SetupStep.DeviceCode.class);
        Connection updated = ((EscalationOutcome.Approved) outcome).connection();
        assertThat(updated.permissionsGranted()).containsExactly("mail.read", "mail.send");
        assertThat(updated.initialPermissions()).containsExactly("mail.read");
        assertThat(updated.permissions()).containsExactly(ConnectionPermission.OBSERVE, ConnectionPermission.ACT);
        assertThat(registry.get("conn-mail")).contains(updated);
        assertThat(audit.findByEvent(ConnectionManager.EVENT_ESCALATED)).singleElement()
                .satisfies(e -> assertThat(e.data().get("token_id").asText()).isNotBlank());
    }

    @Test
    void approve_newResourceType_highRisk() {
        Owner owner = new Owner(r -> new EscalationDecision.Deny());
        assertDenied(() -> manager.escalatePermission("conn-mail", List.of("calendar.read"), "Read the agenda",
                "scope-1", owner));
        assertThat(owner.requests.get(0).riskLevel()).isEqualTo(PermissionEscalationRequest.Risk.HIGH);
    }

    @Test
    void approve_reauthFailsOrIsCancelled_connectionFailureRecordUnchanged() {
        Owner cancelling = new Owner(r -> new EscalationDecision.Approve(token(r, ApprovalScope.CONNECTION_MANAGE)),
                Action.CANCEL);
        assertThatThrownBy(() -> manager.escalatePermission("conn-mail", List.of("mail.send"), "Send", "scope-1",
                cancelling)).isInstanceOf(SilasException.class)
                .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.CONNECTION_FAILURE);
        SkillFixtures.script(skillDir, "setup", REAUTH.replace("\"mail.read\",\"mail.send\"", "\"mail.read\""));
        Owner approving = new Owner(r -> new EscalationDecision.Approve(token(r, ApprovalScope.CONNECTION_MANAGE)),
                Action.DONE);
        assertThatThrownBy(() -> manager.escalatePermission("conn-mail", List.of("mail.send"), "Send", "scope-1",
                approving)).isInstanceOf(SilasException.class).hasMessageContaining("did not grant");
        assertThat(registry.get("conn-mail")).contains(mail);
        assertThat(audit.findByEvent(ConnectionManager.EVENT_ESCALATED)).isEmpty();
    }
}
