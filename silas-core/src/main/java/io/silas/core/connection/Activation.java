package io.silas.core.connection;

import io.silas.core.approval.ApprovalCheck;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.Checks;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a proposed connection once a verified {@code connection_manage} approval for exactly that proposal is
 * consumed ({@link ConnectionManager#activateConnection}).
 *
 * <p><b>Security guarantees.</b> Nothing is saved unless the engine verifies the token (signature, scope, binding to
 * the proposal's activation item, single use); a denial is audited with its reason and is {@code APPROVAL_DENIED}.
 */
final class Activation {
    private static final Logger LOG = LoggerFactory.getLogger(Activation.class);

    private final RegisteredConnections records;
    private final ApprovalEngine approvals;
    private final AuditLog audit;
    private final Clock clock;
    private final String healthCheckCron;
    private final Consumer<Connection> activated;

    /** {@code activated} runs after a connection is saved (the health monitor schedules its job). */
    Activation(RegisteredConnections records, ApprovalEngine approvals, AuditLog audit, Clock clock,
               String healthCheckCron, Consumer<Connection> activated) {
        this.records = records;
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
        this.healthCheckCron = healthCheckCron;
        this.activated = activated;
    }

    Connection activate(ConnectionProposal proposal, ApprovalToken token) {
        Checks.nonNull(proposal, "proposal");
        Checks.nonNull(token, "token");
        String reason = token.scope() != ApprovalScope.CONNECTION_MANAGE
                ? ApprovalCheck.Reason.SCOPE_MISMATCH.wire() : denialReason(token, proposal);
        if (reason != null) {
            audit.append(ConnectionManager.EVENT_ACTIVATION_DENIED, AuditData.create()
                    .connection(proposal.connectionId()).put("skill", proposal.skillName()).token(token.tokenId())
                    .reason(reason));
            throw new SilasException(ErrorCode.APPROVAL_DENIED, "connection activation needs a verified "
                    + "connection_manage approval (" + reason + ")");
        }
        if (records.find(proposal.connectionId()).isPresent()) {
            throw SilasException.invalid("connection_id", "is already registered");
        }
        Instant now = clock.instant();
        Connection connection = new Connection(proposal.connectionId(), proposal.skillName(), proposal.domain(),
                proposal.skillName(), proposal.authStrategy(), List.of(ConnectionPermission.OBSERVE),
                proposal.permissionsGranted(), proposal.permissionsAvailable(), proposal.permissionsGranted(),
                ConnectionStatus.ACTIVE, healthCheckCron, now, proposal.tokenExpiresAt(), null, null, null, null);
        records.save(connection);
        records.saveRefs(connection.connectionId(), new CredentialRefs(proposal.scopeId(), proposal.credentialRefs()));
        audit.append(ConnectionManager.EVENT_ACTIVATED, AuditData.create().connection(connection.connectionId())
                .put("skill", connection.skillName()).token(token.tokenId()));
        activated.accept(connection);
        return connection;
    }

    /** Consumes the token for the proposal's activation item; null when valid, else the denial reason. */
    private @Nullable String denialReason(ApprovalToken token, ConnectionProposal proposal) {
        try {
            ApprovalCheck check = approvals.verify(token, proposal.activationWorkItem(), null);
            return check.valid() ? null : check.reason().wire();
        } catch (RuntimeException e) {
            LOG.warn("connection approval check failed ({}); denied", e.getClass().getSimpleName());
            return "verification_failed";
        }
    }
}
