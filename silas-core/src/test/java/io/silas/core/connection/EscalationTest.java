package io.silas.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SigningKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permission escalation decided without re-authentication: Just this once, Deny, tokens that do not verify and
 * invalid requests never run a script (the re-auth paths are in silas-execution's ConnectionEscalationIT).
 */
class EscalationTest {
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
    private final ConnectionFixtures.RefusingSandboxes sandboxes = new ConnectionFixtures.RefusingSandboxes();
    private ConnectionManager manager;
    private Connection mail;

    @BeforeEach
    void setUp() {
        manager = ConnectionManager.builder()
                .skills(SkillScripts.create(tmp, sandboxes, Duration.ofSeconds(3)))
                .registry(registry).secureInput(secureInput).approvals(approvals)
                .audit(audit).clock(clock).build();
        ConnectionProposal proposal = new ConnectionProposal("conn-mail", "mail", "scope-1", "personal",
                AuthStrategy.DEVICE_CODE, List.of("mail.read"), List.of("mail.read", "mail.send", "calendar.read"),
                null, Map.of(), "Connected");
        mail = manager.activateConnection(proposal, approvals.issue(proposal.activationWorkItem(),
                ApprovalDecision.approved(), ApprovalScope.CONNECTION_MANAGE));
    }

    /** The owner behind the escalation card; a setup card (never expected here) is cancelled. */
    private static final class Owner implements PermissionEscalationPresenter {
        final List<PermissionEscalationRequest> requests = new CopyOnWriteArrayList<>();
        private final Function<PermissionEscalationRequest, EscalationDecision> decider;

        Owner(Function<PermissionEscalationRequest, EscalationDecision> decider) {
            this.decider = decider;
        }

        @Override
        public EscalationDecision decide(String scopeId, PermissionEscalationRequest request, Duration timeout) {
            requests.add(request);
            return decider.apply(request);
        }

        @Override
        public SetupStepResponse present(String scopeId, SetupStep step, Duration timeout) {
            return new SetupStepResponse(step.stepType(), SetupStepResponse.Action.CANCEL);
        }

        @Override
        public void show(String scopeId, SetupStep step) {
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
    void justThisOnce_singleUseTokenVerified_recordUnchangedNoReauth() {
        Owner owner = new Owner(r -> new EscalationDecision.JustThisOnce(token(r, ApprovalScope.CONNECTION_ACT)));

        EscalationOutcome outcome = manager.escalatePermission("conn-mail", List.of("mail.send"), "Send one mail",
                "scope-1", owner);

        EscalationOutcome.GrantedOnce once = (EscalationOutcome.GrantedOnce) outcome;
        assertThat(once.token().executionsUsed()).isEqualTo(1);
        assertThat(approvals.check(once.token(), once.request().approvalWorkItem()).valid()).isTrue();
        assertThat(approvals.verify(once.token(), once.request().approvalWorkItem(), null).valid()).isFalse();
        assertThat(registry.get("conn-mail")).contains(mail);
        assertThat(sandboxes.created.get()).isZero();
        assertThat(audit.findByEvent(ConnectionManager.EVENT_ESCALATION_ONCE)).hasSize(1);
    }

    @Test
    void deny_timeoutOrBrokenCard_approvalDeniedAuditedRecordUnchanged() {
        List<Owner> owners = List.of(new Owner(r -> new EscalationDecision.Deny()), new Owner(r -> null),
                new Owner(r -> {
                    throw new IllegalStateException("recipient disconnected");
                }));
        for (Owner owner : owners) {
            assertDenied(() -> manager.escalatePermission("conn-mail", List.of("mail.send"), "Send", "scope-1",
                    owner));
        }
        assertThat(registry.get("conn-mail")).contains(mail);
        assertThat(sandboxes.created.get()).isZero();
        assertThat(audit.findByEvent(ConnectionManager.EVENT_ESCALATION_DENIED)).hasSize(3)
                .allSatisfy(e -> assertThat(e.data().get("reason").asText()).isEqualTo("denied"));
    }

    @Test
    void tokensThatDoNotVerify_deniedWithReasonNoReauth() {
        PermissionEscalationRequest other = PermissionEscalationRequest.of(mail, List.of("calendar.read"), "x");
        List<Function<PermissionEscalationRequest, EscalationDecision>> deciders = List.of(
                r -> new EscalationDecision.Approve(ConnectionFixtures.forge(SigningKeys.generate(),
                        r.approvalWorkItem(), NOW)),
                r -> new EscalationDecision.Approve(token(other, ApprovalScope.CONNECTION_MANAGE)),
                r -> new EscalationDecision.Approve(token(r, ApprovalScope.CONNECTION_ACT)),
                r -> new EscalationDecision.JustThisOnce(token(r, ApprovalScope.CONNECTION_MANAGE)),
                r -> new EscalationDecision.Approve(approvals.issue(r.approvalWorkItem(), ApprovalDecision.declined(),
                        ApprovalScope.CONNECTION_MANAGE)));
        for (Function<PermissionEscalationRequest, EscalationDecision> decider : deciders) {
            assertDenied(() -> manager.escalatePermission("conn-mail", List.of("mail.send"), "Send", "scope-1",
                    new Owner(decider)));
        }
        assertThat(audit.findByEvent(ConnectionManager.EVENT_ESCALATION_DENIED))
                .extracting(e -> e.data().get("reason").asText())
                .containsExactly("signature_invalid", "plan_hash_mismatch", "scope_mismatch",
                        "not_single_use_connection_act", "verdict_not_approved");
        assertThat(registry.get("conn-mail")).contains(mail);
        assertThat(sandboxes.created.get()).isZero();
    }

    @Test
    void invalidRequests_rejectedBeforeAnyCard() {
        Owner owner = new Owner(r -> new EscalationDecision.Deny());
        for (List<String> scopes : List.of(List.of("mail.read"), List.of("drive.write"), List.<String>of())) {
            assertThatThrownBy(() -> manager.escalatePermission("conn-mail", scopes, "x", "scope-1", owner))
                    .isInstanceOf(SilasException.class)
                    .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
        }
        assertThatThrownBy(() -> manager.escalatePermission("conn-nope", List.of("mail.send"), "x", "scope-1", owner))
                .isInstanceOf(SilasException.class);
        assertThat(owner.requests).isEmpty();
    }
}
