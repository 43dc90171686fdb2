package io.silas.core.work;

/**
 * Runs an approved work item to a final state (docs/contracts.md#work-execution): a {@code task} through the retry loop
 * (agent or direct command, gated tool calls in the sandbox, external verification), a {@code project} through its
 * tasks in dependency order, a {@code goal} through one verification cycle that may spawn a fix task. The default
 * implementation is {@code io.silas.execution.work.WorkExecution.builder()...build()}.
 *
 * <p>Blocking: the call returns when the item reached {@code done}, {@code healthy}, {@code failed},
 * {@code stuck} or {@code blocked}; progress is reported to a {@link WorkProgressListener} on the way. Hosts run it
 * on their own executor so a conversation turn never waits for it. Implementations are thread-safe for different
 * work items; running the same item twice at once is the caller's mistake.
 *
 * <p><b>Security guarantees:</b> nothing runs without an approval token that the approval engine accepts for
 * exactly this item; success is decided only by verification checks that run outside the agent, never by the
 * agent's own report.
 */
public interface WorkItemExecutor {
    /**
     * Executes the item and persists every state change.
     *
     * @param item the work item
     * @return the final result; never null
     * @throws io.silas.core.error.SilasException {@code INVALID_INPUT} for a null item or a project whose
     *         {@code depends_on} graph has a cycle (nothing runs then)
     */
    WorkItemResult execute(WorkItem item);

    /**
     * Executes the item with its progress and fresh approvals going where {@code context} says, instead of the
     * executor's own listener and prompter; the Stream calls this with the owner's connection, a progress listener
     * for it and a card-backed prompter addressed to the owner. The default ignores {@code context} (for executors
     * that never report progress or ask).
     *
     * @param item the work item
     * @param context the context window budget
     * @return the final result; never null
     * @throws io.silas.core.error.SilasException as {@link #execute(WorkItem)}; {@code INVALID_INPUT} for a null
     *         context
     */
    default WorkItemResult execute(WorkItem item, ExecutionContext context) {
        if (context == null) {
            throw io.silas.core.error.SilasException.invalid("context", "is required");
        }
        return execute(item);
    }
}
