package io.silas.execution.work;

import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.OwnerApprovals;
import io.silas.core.work.ApprovalPrompter;
import io.silas.core.work.ApprovalRequest;
import io.silas.core.work.WorkItem;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the owner for a fresh approval and turns an "approved" into a verified token through the one approval flow:
 * prompt (bounded by the timeout, fail closed) → {@link OwnerApprovals#grant} (issue for exactly the item, consuming
 * verify). Audits {@value WorkExecution#EVENT_APPROVAL_REQUESTED} and the outcome
 * ({@value WorkExecution#EVENT_APPROVAL_GRANTED} / {@value WorkExecution#EVENT_APPROVAL_DECLINED}).
 */
final class FreshApproval {
    private static final Logger LOG = LoggerFactory.getLogger(FreshApproval.class);

    private final ApprovalPrompter prompter;
    private final OwnerApprovals approvals;
    private final AuditLog audit;
    private final Duration timeout;
    private final Executor promptThreads;

    FreshApproval(ApprovalPrompter prompter, ApprovalEngine approvals, AuditLog audit, Duration timeout,
                  Executor promptThreads) {
        this(prompter, OwnerApprovals.over(approvals), audit, timeout, promptThreads);
    }

    private FreshApproval(ApprovalPrompter prompter, OwnerApprovals approvals, AuditLog audit, Duration timeout,
                          Executor promptThreads) {
        this.prompter = prompter;
        this.approvals = approvals;
        this.audit = audit;
        this.timeout = timeout;
        this.promptThreads = promptThreads;
    }

    /** The same approval path asking through {@code other} (one execution's prompter). */
    FreshApproval with(ApprovalPrompter other) {
        return new FreshApproval(other, approvals, audit, timeout, promptThreads);
    }

    /** The consumed token when the owner approved and the engine verified it; empty otherwise. */
    Optional<ApprovalToken> obtain(WorkItem item, ApprovalScope scope, String reason) {
        audit.append(WorkExecution.EVENT_APPROVAL_REQUESTED, data(item, scope, reason));
        ApprovalDecision decision = ask(new ApprovalRequest(item, scope, reason));
        OwnerApprovals.Grant grant = approvals.grant(item, scope, decision);
        AuditData d = data(item, scope, reason);
        if (grant instanceof OwnerApprovals.Declined declined) {
            d.put("verdict", declined.verdict().name().toLowerCase(Locale.ROOT));
            audit.append(WorkExecution.EVENT_APPROVAL_DECLINED, d);
            return Optional.empty();
        }
        if (grant instanceof OwnerApprovals.Unverified unverified) {
            d.token(unverified.tokenId());
            d.put("verdict", "verify_failed");
            d.put("check", unverified.reason().wire());
            audit.append(WorkExecution.EVENT_APPROVAL_DECLINED, d);
            return Optional.empty();
        }
        ApprovalToken token = ((OwnerApprovals.Granted) grant).token();
        d.token(token.tokenId());
        audit.append(WorkExecution.EVENT_APPROVAL_GRANTED, d);
        return Optional.of(token);
    }

    private ApprovalDecision ask(ApprovalRequest request) {
        CompletableFuture<ApprovalDecision> answer = CompletableFuture.supplyAsync(
                () -> prompter.requestApproval(request, timeout), promptThreads);
        try {
            ApprovalDecision decision = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return decision == null ? ApprovalDecision.declined() : decision;
        } catch (TimeoutException e) {
            answer.cancel(true);
            LOG.info("Approval prompt for work item {} timed out; declined", request.item().id());
            return ApprovalDecision.declined();
        } catch (ExecutionException e) {
            LOG.warn("Approval prompter failed for work item {}; declined", request.item().id(), e.getCause());
            return ApprovalDecision.declined();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApprovalDecision.declined();
        }
    }

    private static AuditData data(WorkItem item, ApprovalScope scope, String reason) {
        return AuditData.create().workItem(item.id()).put("scope", scope.name().toLowerCase(Locale.ROOT))
                .reason(reason);
    }
}
