package io.silas.core.connection;

import io.silas.core.approval.ApprovalToken;
import io.silas.core.work.WorkItem;

/**
 * The approval check the {@link ConnectionManager} needs before it changes the connection registry: a consuming
 * verification that {@code token} is a valid, signed {@code connection_manage} approval of exactly {@code item}
 * (the activation work item of a {@link ConnectionProposal}). The default binding is the {@code ApprovalEngine}
 * ({@code (token, item) -> engine.verify(token, item, null).valid()}); the manager itself additionally requires
 * scope {@code connection_manage}.
 *
 * <p>Security guarantees: implementations must verify the owner's signature, the plan-hash binding to
 * {@code item}, expiry and single use, and must return false (never throw) on any doubt.
 */
@FunctionalInterface
public interface ConnectionApprovals {
    /** Consumes one execution of the token if it approves {@code item}; false otherwise. */
    boolean verify(ApprovalToken token, WorkItem item);
}
