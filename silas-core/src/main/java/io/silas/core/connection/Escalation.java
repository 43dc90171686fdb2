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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Permission escalation of an active connection ({@link ConnectionManager#escalatePermission}): the owner's card,
 * then either one single-use {@code connection_act} grant or a {@code connection_manage} re-authentication that
 * widens the record only when the service granted every requested permission.
 *
 * <p><b>Security guarantees.</b> Every grant needs a token the engine verifies for exactly this request (a
 * once-grant must be single use); a denial is audited and is {@code APPROVAL_DENIED}; a failed or partial
 * re-authentication leaves the permissions unchanged.
 */
final class Escalation {
    private static final Logger LOG = LoggerFactory.getLogger(Escalation.class);

    private final SkillScripts skills;
    private final RegisteredConnections records;
    private final ApprovalEngine approvals;
    private final AuditLog audit;
    private final Duration cardTimeout;
    private final SetupFlows flows;

    Escalation(SkillScripts skills, RegisteredConnections records, ApprovalEngine approvals, AuditLog audit,
               Duration cardTimeout, SetupFlows flows) {
        this.skills = skills;
        this.records = records;
        this.approvals = approvals;
        this.audit = audit;
        this.cardTimeout = cardTimeout;
        this.flows = flows;
    }

    EscalationOutcome escalate(String connectionId, List<String> requestedPermissions, String reason, String scopeId,
                               PermissionEscalationPresenter presenter) {
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonNull(presenter, "presenter");
        Connection connection = records.current(connectionId);
        if (connection.status() != ConnectionStatus.ACTIVE) {
            throw SilasException.invalid("connection_id", "is not an active connection");
        }
        PermissionEscalationRequest request = PermissionEscalationRequest.of(connection, requestedPermissions, reason);
        EscalationDecision decision = decideSafely(presenter, scopeId, request);
        if (decision instanceof EscalationDecision.JustThisOnce once) {
            ApprovalToken token = once.token();
            if (token.scope() != ApprovalScope.CONNECTION_ACT || token.maxExecutions() != 1) {
                throw deny(request, token.tokenId(), "not_single_use_connection_act");
            }
            ApprovalCheck check = verifyQuietly(token, request);
            if (!check.valid()) {
                throw deny(request, token.tokenId(), check.reason().wire());
            }
            audit.append(ConnectionManager.EVENT_ESCALATION_ONCE, AuditData.create()
                    .connection(connection.connectionId()).token(token.tokenId())
                    .put("permissions", request.requestedPermissions()));
            return new EscalationOutcome.GrantedOnce(request, check.orThrow());
        }
        if (!(decision instanceof EscalationDecision.Approve approve)) {
            throw deny(request, null, "denied");
        }
        ApprovalToken token = approve.token();
        if (token.scope() != ApprovalScope.CONNECTION_MANAGE) {
            throw deny(request, token.tokenId(), ApprovalCheck.Reason.SCOPE_MISMATCH.wire());
        }
        ApprovalCheck check = verifyQuietly(token, request);
        if (!check.valid()) {
            throw deny(request, token.tokenId(), check.reason().wire());
        }
        return reauthorize(connection, request, scopeId, presenter, token);
    }

    /** Re-runs setup with the incremental scopes; updates the record only if every requested scope is granted. */
    private EscalationOutcome reauthorize(Connection connection, PermissionEscalationRequest request, String scopeId,
                                          SetupCardPresenter presenter, ApprovalToken token) {
        ConnectionSkill skill = skills.find(connection.skillName()).orElseThrow(() -> new SilasException(
                ErrorCode.CONNECTION_FAILURE, "the connection skill is not available; permissions unchanged"));
        SetupOutcome outcome = flows.runWithRecovery(skill, scopeId, presenter, connection.connectionId(),
                new ScriptMessage.Start(skill.authStrategy(), connection.permissionsGranted(),
                        request.requestedPermissions(), null),
                records.refsOf(connection.connectionId()), connection.permissionsGranted());
        if (!(outcome instanceof SetupOutcome.Proposed proposed)) {
            throw new SilasException(ErrorCode.CONNECTION_FAILURE, "re-authentication did not complete ("
                    + (outcome instanceof SetupOutcome.Cancelled ? "cancelled" : "failed")
                    + "); permissions unchanged");
        }
        List<String> granted = new ArrayList<>(connection.permissionsGranted());
        proposed.proposal().permissionsGranted().stream().filter(s -> !granted.contains(s)).forEach(granted::add);
        if (!granted.containsAll(request.requestedPermissions())) {
            throw new SilasException(ErrorCode.CONNECTION_FAILURE,
                    "the service did not grant every requested permission; permissions unchanged");
        }
        Connection updated = records.current(connection.connectionId()).withPermissions(
                PermissionEscalationRequest.tiers(connection.permissions(), request.requestedPermissions()), granted);
        records.save(updated);
        records.saveRefs(connection.connectionId(),
                new CredentialRefs(records.ownerScope(connection), proposed.proposal().credentialRefs()));
        audit.append(ConnectionManager.EVENT_ESCALATED, AuditData.create().connection(connection.connectionId())
                .token(token.tokenId()).put("permissions", request.requestedPermissions()));
        return new EscalationOutcome.Approved(updated);
    }

    private EscalationDecision decideSafely(PermissionEscalationPresenter presenter, String scopeId,
                                            PermissionEscalationRequest request) {
        try {
            EscalationDecision decision = presenter.decide(scopeId, request, cardTimeout);
            return decision == null ? new EscalationDecision.Deny() : decision;
        } catch (RuntimeException e) {
            LOG.warn("escalation card for connection {} failed ({}); treated as deny", request.connectionId(),
                    e.getClass().getSimpleName());
            return new EscalationDecision.Deny();
        }
    }

    private ApprovalCheck verifyQuietly(ApprovalToken token, PermissionEscalationRequest request) {
        try {
            return approvals.verify(token, request.approvalWorkItem(), null);
        } catch (RuntimeException e) {
            LOG.warn("escalation approval check failed ({}); denied", e.getClass().getSimpleName());
            return ApprovalCheck.denied(ApprovalCheck.Reason.SIGNATURE_INVALID, "verification failed");
        }
    }

    private SilasException deny(PermissionEscalationRequest request, @Nullable String tokenId, String reason) {
        AuditData data = AuditData.create();
        data.connection(request.connectionId());
        data.put("permissions", request.requestedPermissions());
        data.reason(reason);
        if (tokenId != null) {
            data.token(tokenId);
        }
        audit.append(ConnectionManager.EVENT_ESCALATION_DENIED, data);
        return new SilasException(ErrorCode.APPROVAL_DENIED, "permission escalation for connection "
                + request.connectionId() + " was not approved (" + reason + "); permissions unchanged");
    }
}
