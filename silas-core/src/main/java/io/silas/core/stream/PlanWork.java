package io.silas.core.stream;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.channel.CardApprovalPrompter;
import io.silas.core.channel.CardOrigin;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.OwnerApprovals;
import io.silas.core.channel.OwnerChannel;
import io.silas.core.work.ApprovalPrompter;
import io.silas.core.work.ExecutionContext;
import io.silas.core.work.WorkItemExecutor;
import org.jspecify.annotations.Nullable;

/**
 * How approved work runs: present only when the host gave a work execution ({@code StreamBuilder.workExecution});
 * without it plans are unavailable and interrupted work is not resumed.
 *
 * @param approvals verifies tokens; issues one only for the owner's authenticated approval
 * @param executor  the work executor the Stream completed with its shared parts
 * @param progress  routes execution progress to its recipient
 */
record PlanWork(ApprovalEngine approvals, WorkItemExecutor executor, ProgressRouter progress) {

    /** The one approval flow over {@link #approvals} (ask on a card, issue, verify). */
    OwnerApprovals owner() {
        return OwnerApprovals.over(approvals);
    }

    /**
     * The context of one execution whose progress goes to {@code recipient} and whose mid-execution approvals are
     * asked of the owner on cards showing {@code origin} (declined when there is no card prompter).
     */
    ExecutionContext executionFor(String recipient, CardOrigin origin, @Nullable CardPrompter cards,
                                  OwnerChannel owner, IdGenerator ids) {
        ApprovalPrompter prompter = cards == null ? ApprovalPrompter.declineAll()
                : CardApprovalPrompter.toOwner(cards, owner, origin, ids);
        return new ExecutionContext(recipient, progress.to(recipient), prompter);
    }
}
