package io.silas.execution.work;

import io.silas.core.audit.AuditData;
import io.silas.core.approval.ApprovalCheck;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.core.work.WorkServices;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The one gate every run of a work item passes before anything of it runs — task, project, goal cycle, a project's
 * tasks, a goal's spawned fix task, and resume after a restart (docs/contracts.md#work-execution,
 * docs/threat-model.md#promise-3).
 *
 * <p>In order: an item that is {@code done} (as passed, or as stored) never runs again on the same token; an item
 * already running (in any executor of this JVM over the same store) is not started twice; the item needs a token, and
 * {@link io.silas.core.approval.ApprovalEngine#enter} must accept it (signature, verdict, scope, binding to exactly
 * this item's plan hash, expiry and — for tasks and projects — one verified execution claimed for this run, so
 * {@code max_executions} bounds the number of runs durably). An item stored as {@code running} that is not running
 * here was interrupted (a restart): it continues its claimed run after the non-consuming
 * {@link io.silas.core.approval.ApprovalEngine#check} (signature, binding, expiry).
 *
 * <p>A refusal is audited as {@value WorkExecution#EVENT_BLOCKED_NO_APPROVAL}. It marks the stored item
 * {@code blocked} without replacing its stored content or token (a forged copy never overwrites the stored one); a
 * {@code done} item or a duplicate start is refused without touching the store. Thread-safe.
 *
 * <p><b>Security guarantees:</b> nothing of the item runs unless the owner's signed, unexpired approval binds exactly
 * its plan; a forged, foreign or expired token runs nothing; a token approved for {@code n} executions starts at most
 * {@code n} runs; a {@code done} item never runs again.
 */
final class ExecutionEntry {
    private final WorkServices deps;
    private final WorkRecorder recorder;
    /**
     * Items running now in this JVM, keyed by store instance and item id, shared by every executor so that a second
     * executor over the same store cannot take a running item for an interrupted one and resume it alongside.
     */
    private static final Set<String> RUNNING = ConcurrentHashMap.newKeySet();

    ExecutionEntry(WorkServices deps, WorkRecorder recorder) {
        this.deps = deps;
        this.recorder = recorder;
    }

    /** Runs {@code body} for the item when it may start; otherwise the refusal. */
    WorkItemResult run(WorkItem item, Function<WorkItem, WorkItemResult> body) {
        Optional<WorkItem> stored = deps.store().get(item.id());
        boolean done = item.status() == WorkItemStatus.DONE
                || stored.map(s -> s.status() == WorkItemStatus.DONE).orElse(false);
        if (done) {
            return refuse(item, "the work item is done; it never runs again on the same approval");
        }
        String key = System.identityHashCode(deps.store()) + ":" + item.id();
        if (!RUNNING.add(key)) {
            return refuse(item, "the work item is already running");
        }
        try {
            Optional<String> denied = denial(item, stored);
            if (denied.isPresent()) {
                recorder.audit(WorkExecution.EVENT_BLOCKED_NO_APPROVAL, item, AuditData.create().reason(denied.get()));
                return recorder.blocked(stored.orElse(item), denied.get());
            }
            return body.apply(item);
        } finally {
            RUNNING.remove(key);
        }
    }

    private Optional<String> denial(WorkItem item, Optional<WorkItem> stored) {
        if (item.approvalToken() == null) {
            return Optional.of("no approval token");
        }
        boolean resumed = item.type() != WorkItemType.GOAL
                && stored.map(s -> s.status() == WorkItemStatus.RUNNING).orElse(false);
        ApprovalCheck check = resumed ? deps.approvals().check(item.approvalToken(), item)
                : deps.approvals().enter(item.approvalToken(), item);
        return check.valid() ? Optional.empty()
                : Optional.of("approval check failed (" + check.reason().wire() + "): " + check.message());
    }

    /** A refusal that changes nothing stored. */
    private WorkItemResult refuse(WorkItem item, String reason) {
        recorder.audit(WorkExecution.EVENT_BLOCKED_NO_APPROVAL, item, AuditData.create().reason(reason));
        return new WorkItemResult(item.id(), WorkItemStatus.BLOCKED, "Blocked: " + reason, reason, List.of(),
                item.budgetUsed(), Map.of(), List.of());
    }
}
