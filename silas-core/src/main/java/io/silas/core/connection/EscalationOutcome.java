package io.silas.core.connection;

import io.silas.core.approval.ApprovalToken;
import io.silas.core.error.Checks;

/**
 * A granted permission escalation ({@link ConnectionManager#escalatePermission}); a denial is an
 * {@code APPROVAL_DENIED} exception instead.
 */
public sealed interface EscalationOutcome {
    /** Approved and re-authenticated: the updated record (new {@code permissions_granted} and tiers). */
    record Approved(Connection connection) implements EscalationOutcome {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param connection the connection
         */
        public Approved {
            Checks.nonNull(connection, "connection");
        }
    }

    /**
     * Granted for one execution: the verified (consumed) single-use token, which the executor re-checks with
     * {@code ApprovalEngine.check(token, request.approvalWorkItem())}. The connection record is unchanged.
     */
    record GrantedOnce(PermissionEscalationRequest request, ApprovalToken token) implements EscalationOutcome {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param request the request
         * @param token   the token
         */
        public GrantedOnce {
            Checks.nonNull(request, "request");
            Checks.nonNull(token, "token");
        }
    }
}
