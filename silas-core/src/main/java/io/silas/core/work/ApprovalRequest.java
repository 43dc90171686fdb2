package io.silas.core.work;

import io.silas.core.approval.ApprovalScope;
import io.silas.core.error.SilasException;

/**
 * What the runtime asks the user to approve when no valid token covers an action: the exact item the token will
 * be bound to (its plan hash is what gets signed), the scope to issue, and why approval is needed. For a paused
 * tool call the item is a one-step item whose body is the exact tool name and arguments. Immutable.
 *
 * @param item   the item a token would be issued for; render its title and body
 * @param scope  the scope the token will carry
 * @param reason why the approval is requested (a gate reason, a denied standing approval), user-safe
 */
public record ApprovalRequest(WorkItem item, ApprovalScope scope, String reason) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param item   the item a token would be issued for; render its title and body
     * @param scope  the scope the token will carry
     * @param reason why the approval is requested (a gate reason, a denied standing approval), user-safe /
public
     */
    public ApprovalRequest {
        if (item == null || scope == null) {
            throw SilasException.invalid(item == null ? "item" : "scope", "is required");
        }
        reason = reason == null ? "" : reason;
    }
}
