package io.silas.execution.work;

import io.silas.core.audit.AuditData;
import io.silas.core.approval.ApprovalCheck;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.execution.VerificationReport;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.ApprovalPrompter;
import io.silas.core.work.PlanHashes;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.core.work.WorkProgress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One goal cycle (docs/contracts.md#work-execution): run the goal's checks; all pass → {@code healthy}; otherwise, with
 * {@code on_failure: spawn_task}, spawn a fix task and authorise it with the goal's standing token
 * ({@code verify(token, goal, spawned)}, consuming one execution; the consumed copy is persisted on the goal and
 * attached to the task). If the standing token does not cover the task, a fresh single-use ({@code full_plan})
 * approval is requested through the {@link ApprovalPrompter}; declined → the task is {@code blocked} and the cycle
 * ends {@code failed}. The fix task then runs through the task loop; as it carries the goal's checks, its
 * {@code done} makes the goal {@code healthy}.
 *
 * <p>A cycle starts only through {@link ExecutionEntry}: without a token the goal signed by the owner for exactly
 * this plan, unexpired, of scope {@code standing} (or a verified {@code full_plan}), its checks do not run
 * ({@code blocked}). The spawned task is verified against the standing token and entered on its own.
 */
final class GoalRun extends ParentRun {
    /** The {@code on_failure} value that spawns a fix task. */
    static final String SPAWN_TASK = "spawn_task";
    /** Placeholder of the failure-context template replaced by the failed checks. */
    static final String FAILED_CHECKS = "$failed_checks";

    GoalRun(WorkDeps deps, WorkRecorder recorder, TaskRun tasks, ExecutionEntry entry) {
        super(deps, recorder, tasks, entry);
    }

    @Override
    WorkItemResult entered(WorkItem start) {
        WorkItem goal = start;
        if (goal.verify().isEmpty()) {
            return recorder.finish(goal, WorkItemStatus.FAILED, "The goal has no checks", "the goal has no checks",
                    List.of(), Map.of(), List.of());
        }
        goal = recorder.persist(goal.withStatus(WorkItemStatus.RUNNING));
        recorder.progress(goal, WorkProgress.RUNNING, "checking");
        var dir = deps.artifacts().replace(goal.id(), Map.of());
        VerificationReport report = check(goal, dir, WorkExecution.EVENT_GOAL_CHECKS);
        goal = goal.withVerificationResults(report.results());
        if (report.allPassed()) {
            return recorder.finish(goal, WorkItemStatus.HEALTHY, "All checks pass", null, report.results(), Map.of(),
                    List.of());
        }
        String failed = TaskRun.describe(report.failed());
        if (!SPAWN_TASK.equals(goal.onFailure())) {
            return recorder.finish(goal, WorkItemStatus.FAILED, "Checks failed", "goal checks failed: " + failed,
                    report.results(), Map.of(), List.of());
        }
        WorkItem spawned = recorder.persist(spawn(goal, failed));
        recorder.audit(WorkExecution.EVENT_TASK_SPAWNED, goal, AuditData.create().put("spawned_task_id", spawned.id())
                .put("spawned_task_hash", PlanHashes.planHash(spawned)));
        ApprovalCheck standing = deps.shared().approvals().verify(goal.approvalToken(), goal, spawned);
        if (standing.valid()) {
            goal = recorder.persist(goal.withApprovalToken(standing.token()));
            spawned = spawned.toBuilder().approvalToken(standing.token()).needsApproval(false).build();
        } else {
            String reason = "the standing approval does not cover the spawned task (" + standing.reason().wire() + ")";
            recorder.audit(WorkExecution.EVENT_STANDING_DENIED, goal,
                    AuditData.create().put("spawned_task_id", spawned.id()).reason(standing.reason().wire()));
            spawned = recorder.persist(spawned.withNeedsApproval(true));
            Optional<ApprovalToken> fresh = deps.freshApproval().obtain(spawned, ApprovalScope.FULL_PLAN, reason);
            if (fresh.isEmpty()) {
                recorder.blocked(spawned, "fresh approval declined: " + reason);
                String why = "spawned task '" + spawned.id() + "' blocked: fresh approval declined";
                return recorder.finish(goal, WorkItemStatus.FAILED, "Checks failed; fix not approved", why,
                        report.results(), Map.of(), List.of());
            }
            spawned = spawned.withApprovalToken(fresh.get());
        }
        WorkItemResult fix = tasks.run(recorder.persist(spawned));
        if (fix.status() == WorkItemStatus.DONE) {
            return recorder.finish(goal, WorkItemStatus.HEALTHY, "Fixed by spawned task " + spawned.id()
                    + " (its verification ran the goal's checks)", null, fix.verificationResults(), Map.of(),
                    fix.nextSteps());
        }
        String why = "spawned task '" + spawned.id() + "' ended " + WorkRecorder.wire(fix.status()) + ": "
                + fix.lastError();
        return recorder.finish(goal, WorkItemStatus.FAILED, "Checks failed; fix did not succeed", why,
                report.results(), Map.of(), List.of());
    }

    /**
     * The fix task: the goal's raw {@code failure_context} template, skills, gates, checks, {@code on_failure} and
     * escalation (so its spawn policy equals the goal's), the template with {@value #FAILED_CHECKS} replaced as its
     * body, {@code parent} and {@code spawned_by} the goal, the goal's budget and domain.
     */
    private WorkItem spawn(WorkItem goal, String failedChecks) {
        String template = goal.failureContext() != null ? goal.failureContext()
                : "The goal '" + goal.title() + "' failed its checks: " + FAILED_CHECKS;
        return WorkItem.builder(goal.id() + "-fix-" + deps.shared().ids().next(), WorkItemType.TASK, "Fix: " + goal.title())
                .parent(goal.id()).spawnedBy(goal.id()).domain(goal.domain()).budget(goal.budget())
                .body(template.replace(FAILED_CHECKS, failedChecks)).verify(goal.verify()).gates(goal.gates())
                .skills(goal.skills()).escalation(goal.escalation()).onFailure(goal.onFailure())
                .failureContext(goal.failureContext()).scopeId(goal.scopeId()).createdAt(deps.shared().clock().instant())
                .build();
    }
}
