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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Activation needs a verified connection_manage approval for exactly the proposal; no script runs. */
class ActivationTest {
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

    @BeforeEach
    void setUp() {
        manager = ConnectionManager.builder()
                .skills(SkillScripts.create(tmp, sandboxes, Duration.ofSeconds(3)))
                .registry(registry).secureInput(secureInput).approvals(approvals)
                .audit(audit).clock(clock).build();
    }

    @AfterEach
    void nothingSpawned() {
        assertThat(sandboxes.created.get()).isZero();
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
    void activate_withoutVerifiedToken_nothingCreatedAndAudited() {
        ConnectionProposal proposal = proposal("mail");
        ApprovalToken forged = ConnectionFixtures.forge(SigningKeys.generate(), proposal.activationWorkItem(), NOW);
        ApprovalToken otherProposal = approve(proposal("calendar"));
        ApprovalToken wrongScope = approvals.issue(proposal.activationWorkItem(), ApprovalDecision.approved(),
                ApprovalScope.FULL_PLAN);
        ApprovalToken declined = approvals.issue(proposal.activationWorkItem(), ApprovalDecision.declined(),
                ApprovalScope.CONNECTION_MANAGE);
        ApprovalToken expired = approve(proposal);
        clock.advance(Duration.ofHours(1));
        for (ApprovalToken token : List.of(forged, otherProposal, wrongScope, declined, expired)) {
            assertThatThrownBy(() -> manager.activateConnection(proposal, token))
                    .isInstanceOf(SilasException.class)
                    .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.APPROVAL_DENIED);
        }
        assertThat(registry.list()).isEmpty();
        assertThat(audit.findByEvent(ConnectionManager.EVENT_ACTIVATION_DENIED)).extracting(e -> e.data()
                .get("reason").asText()).containsExactly("signature_invalid", "work_item_mismatch", "scope_mismatch",
                "verdict_not_approved", "expired");
        assertThat(audit.findByEvent(ConnectionManager.EVENT_ACTIVATED)).isEmpty();
    }

    @Test
    void activate_sameTokenTwice_secondDenied() {
        ConnectionProposal proposal = proposal("mail");
        ApprovalToken token = approve(proposal);
        manager.activateConnection(proposal, token);
        assertThatThrownBy(() -> manager.activateConnection(proposal, token)).isInstanceOf(SilasException.class);
        assertThat(registry.list()).hasSize(1);
    }
}
