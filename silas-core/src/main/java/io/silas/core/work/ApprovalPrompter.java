package io.silas.core.work;

import io.silas.core.approval.ApprovalDecision;
import java.time.Duration;

/**
 * Asks the owner, through a channel, for a fresh approval decision (docs/contracts.md#work-execution). Channels only
 * collect the decision; the approval engine mints, signs and verifies the token.
 *
 * <p>Blocking with a deadline: the implementation should return within {@code timeout}. Callers enforce it anyway —
 * the default work executor waits at most {@code timeout} and treats a late answer, an exception or {@code null}
 * as {@link ApprovalDecision#declined()} (fail closed).
 *
 * <p><b>Security guarantees:</b> a decision authorises nothing by itself; only a token issued for exactly
 * {@link ApprovalRequest#item()} and then verified by the approval engine does. Implementations must not derive a
 * decision from model output.
 */
@FunctionalInterface
public interface ApprovalPrompter {
    /**
     * Presents the request and waits for the owner's decision, at most {@code timeout}.
     *
     * @param request the request
     * @param timeout how long to wait
     * @return the approval decision
     */
    ApprovalDecision requestApproval(ApprovalRequest request, Duration timeout);

    /** {@return a prompter that declines everything: the safe default when no channel can ask} */
    static ApprovalPrompter declineAll() {
        return (request, timeout) -> ApprovalDecision.declined();
    }
}
