package io.silas.execution.work;

import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.execution.verify.Verification;

/**
 * Entry point to the default {@link io.silas.core.work.WorkItemExecutor} (docs/contracts.md#work-execution).
 *
 * <p>Inside a Stream (the usual case), set only what the host knows; the Stream completes the executor with its
 * audit log, clock, ids, approval engine, gate runner, system gates, work item store and owner progress:
 *
 * <pre>{@code
 * SandboxManager sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults());
 * StreamBuilder stream = Stream.builder()
 *     .workExecution(WorkExecution.builder()
 *         .executors(ExecutorRegistry.defaults(sandboxes))
 *         .verification(Verification.runner(sandboxes))
 *         .artifactsDir(dataDir.resolve("artifacts")));
 * }</pre>
 *
 * <p>Standalone, set the shared parts yourself:
 *
 * <pre>{@code
 * WorkItemExecutor executor = WorkExecution.builder()
 *     .approvals(approvalEngine).store(stores.workItemStore()).audit(stores.auditLog())
 *     .executors(ExecutorRegistry.defaults(sandboxes))
 *     .verification(Verification.runner(sandboxes))
 *     .gates(gateRunner).systemGates(systemGates)
 *     .artifactsDir(dataDir.resolve("artifacts"))
 *     .build();
 * WorkItemResult result = executor.execute(approvedItem);
 * }</pre>
 *
 * <h2>Task</h2>
 * <ol>
 *   <li><b>Approval</b> ({@link ExecutionEntry}, for every task, project and goal cycle): a {@code done} item never
 *       runs again; no token, or {@code ApprovalEngine.enter(token, item)} not valid (signature, scope, plan-hash
 *       binding, expiry, one verified execution claimed per run) → {@code blocked}, audit
 *       {@value #EVENT_BLOCKED_NO_APPROVAL} with the reason, the stored item kept with its token; nothing runs. An
 *       item stored {@code running} (interrupted by a restart) continues after {@code check}.</li>
 *   <li><b>Follow-up.</b> With {@code follow_up_of}, the earlier item must exist in the same scope and be
 *       {@code done}, and the
 *       artifacts named by {@code input_artifacts_from} ({@code ["*"]} = all) must be in its artifacts dir; else
 *       {@code blocked} with the linkage error (audit {@value #EVENT_LINKAGE_FAILED}). Imported artifacts are in
 *       every tool run's work dir and in the verified artifacts.</li>
 *   <li><b>Attempts</b> while {@code attempts < max_attempts} and the budget is not exhausted
 *       ({@code BudgetUsed.exceeds}, {@code >=}): attempts+1, status {@code running}, persisted; instructions are the
 *       body plus "Previous attempt N failed" and "Planner guidance" sections. The executor agent runs through
 *       {@code StructuredCalls} (two invalid answers fail the attempt with
 *       {@code executor_structured_output_invalid}); a <em>direct</em> item ({@code executor: shell|python}) makes
 *       exactly one call of {@code shell_exec} ({@code command} = body) or {@code python_exec} ({@code script} =
 *       body) through the same invoker, without a model.</li>
 *   <li><b>Tool calls</b> go through the chain skill → prepared → filtered → approval-required
 *       ({@link io.silas.core.tool.Toolset}) behind the gated invoker: argument validation; {@code on_tool_call}
 *       gates: the host's system gates, whose rewritten {@code tool_args} are what runs (for a direct item only after
 *       a fresh approval showing them), then the item's own gates, which may block or ask but whose rewrite refuses
 *       the call; a policy block
 *       returns the reason and nothing runs; {@code require_approval} pauses the call for a fresh approval bound to
 *       the exact call ({@code single_step} token issued and verified), declined → not run; execution through the
 *       {@link ExecutorRegistry} in a fresh sandbox (timeout: the smaller of {@code toolTimeout} and the remaining
 *       wall-time budget); the ledger records every call; {@code after_step} gates run on each successful call's
 *       output (a {@code response} rewrite replaces what the agent sees; block or declined approval → the task
 *       ends {@code blocked}). Quality results are audited as {@value #EVENT_QUALITY_TOOL_CALL} and
 *       {@value #EVENT_QUALITY_AFTER_STEP}.</li>
 *   <li><b>Artifacts</b> are the files successful calls left in their sandbox work dirs (ledger order), overlaid
 *       on the imported ones; the agent's {@code artifact_refs} are cross-checked (mismatch audited
 *       {@value #EVENT_ARTIFACT_REF_MISMATCH}). They are written to the item's dir under {@code artifactsDir}.</li>
 *   <li><b>Verification</b> of the item's checks runs in separate sandboxes over that dir: all pass →
 *       {@code done}; otherwise the failure (and the failed tool calls) feed the next attempt, and from attempt 3 on,
 *       with {@code on_stuck: consult_planner} and a planner configured, the planner is asked for guidance (one
 *       planner call charged to the budget). Without checks, an attempt whose agent reported no error is
 *       {@code done}. A sandbox timeout is a failed tool call, so the attempt fails verification and the next one
 *       runs.</li>
 *   <li>Out of attempts or budget → {@code stuck} with the last failure.</li>
 * </ol>
 *
 * <h2>Project</h2>
 * The project's own token is checked; its {@code tasks} are loaded from the store and run in topological
 * {@code depends_on} order (cycle → {@code INVALID_INPUT} before anything runs), each through the task loop with its
 * own token; {@code done} tasks are not re-run; a dependency not {@code done} → {@code blocked}; a task ending
 * blocked blocks the project, ending stuck or failed fails it; finally the project checks run over the merged task
 * artifacts.
 *
 * <h2>Goal cycle</h2>
 * Checks pass → {@code healthy}. Otherwise, with {@code on_failure: spawn_task}, a fix task is spawned from the
 * {@code failure_context} template ({@code $failed_checks} replaced) with the goal's spawn policy; the goal's
 * standing token is verified for it (consumed copy persisted on the goal); if it does not cover the task a fresh
 * {@code full_plan} approval is requested; declined → the task is {@code blocked} and the cycle {@code failed}. The
 * fix task's {@code done} (it carries the goal's checks) makes the goal {@code healthy}.
 *
 * <p><b>Progress</b> events ({@code running}, {@code verification_failed}, {@code done}, {@code healthy},
 * {@code blocked}, {@code stuck}, {@code failed}) go to the listener on the executing thread.
 *
 * <p><b>Security guarantees:</b> nothing executes without an approval the engine accepts for exactly this item;
 * every tool call passes validation, policy gates and, where required, a fresh signed approval before it reaches a
 * sandbox; artifacts come from what actually ran, never from the agent's report; success is decided only by
 * verification in separate sandboxes. Tool arguments are audited as hashes only. Approval prompts time out to
 * "declined".
 */
public final class WorkExecution {
    /** Step 0 refused the item. */
    public static final String EVENT_BLOCKED_NO_APPROVAL = "execution_blocked_no_approval";
    /** A follow-up item could not import the earlier item's artifacts. */
    public static final String EVENT_LINKAGE_FAILED = "follow_up_linkage_failed";
    /** An attempt started. */
    public static final String EVENT_ATTEMPT_STARTED = "work_attempt_started";
    /** An attempt failed before verification (invalid agent output, agent error, failed direct run). */
    public static final String EVENT_ATTEMPT_FAILED = "work_attempt_failed";
    /** The executor agent answered invalidly twice. */
    public static final String EVENT_OUTPUT_INVALID = "executor_structured_output_invalid";
    /** One tool call, executed or refused (arguments as a SHA-256 only). */
    public static final String EVENT_TOOL_CALL = "tool_call";
    /** The agent's artifact references differ from the ledger's artifacts. */
    public static final String EVENT_ARTIFACT_REF_MISMATCH = "artifact_ref_mismatch";
    /** A quality-lane result of an {@code on_tool_call} gate. */
    public static final String EVENT_QUALITY_TOOL_CALL = "quality_gate_tool_call";
    /** A quality-lane result of an {@code after_step} gate. */
    public static final String EVENT_QUALITY_AFTER_STEP = "quality_gate_after_step";
    /** Verification of a task or project ran. */
    public static final String EVENT_VERIFICATION = "work_verification";
    /** The planner was consulted for a stuck task. */
    public static final String EVENT_PLANNER_CONSULTED = "planner_consulted";
    /** A goal cycle ran its checks. */
    public static final String EVENT_GOAL_CHECKS = "goal_checks";
    /** A goal spawned a fix task. */
    public static final String EVENT_TASK_SPAWNED = "spawned_task_created";
    /** The goal's standing approval did not cover a spawned task. */
    public static final String EVENT_STANDING_DENIED = "standing_approval_denied";
    /** A fresh approval was requested through the prompter. */
    public static final String EVENT_APPROVAL_REQUESTED = "fresh_approval_requested";
    /** A fresh approval was granted and its token verified. */
    public static final String EVENT_APPROVAL_GRANTED = "fresh_approval_granted";
    /** A fresh approval was declined, timed out or failed verification. */
    public static final String EVENT_APPROVAL_DECLINED = "fresh_approval_declined";
    /** A work item reached its final status. */
    public static final String EVENT_FINISHED = "work_item_finished";

    private WorkExecution() {
    }

    /**
     * {@return a builder for the default work item executor; see {@link WorkExecutionBuilder}} Hand it to
     * {@code StreamBuilder.workExecution(..)} or finish it with {@link WorkExecutionBuilder#build()}.
     */
    public static WorkExecutionBuilder builder() {
        return new WorkExecutionBuilder();
    }
}
