package io.silas.core.connection;

import io.silas.core.approval.ApprovalToken;
import io.silas.core.error.Checks;

/**
 * The owner's answer to a {@code PermissionEscalationCard} ({@code [Approve]} {@code [Just this once]}
 * {@code [Deny]}), returned by {@link PermissionEscalationPresenter#decide}. The two granting answers carry a token
 * the host's {@code ApprovalEngine} issued for {@link PermissionEscalationRequest#approvalWorkItem()} after the
 * owner's tap; the connection manager verifies (consumes) it and refuses anything else.
 *
 * <p>Security guarantees: the decision itself grants nothing; only a token that verifies does.
 */
public sealed interface EscalationDecision {
    /** Approve: a {@code connection_manage} token; re-auth with the incremental scopes, record updated. */
    record Approve(ApprovalToken token) implements EscalationDecision {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param token the token
         */
        public Approve {
            Checks.nonNull(token, "token");
        }
    }

    /** Just this once: a single-use ({@code max_executions = 1}) {@code connection_act} token; record unchanged. */
    record JustThisOnce(ApprovalToken token) implements EscalationDecision {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param token the token
         */
        public JustThisOnce {
            Checks.nonNull(token, "token");
        }
    }

    /** Deny (also what a timeout, a disconnect or a presenter failure means). */
    record Deny() implements EscalationDecision {
    }
}
