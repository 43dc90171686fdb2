package io.silas.core.work;

import io.silas.core.error.SilasException;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link WorkItemExecutor#execute(WorkItem, ExecutionContext)} call reports to and asks: the connection its
 * progress and mid-execution approvals go to, the progress listener and the approval prompter. Passed per call, so
 * concurrent executions of different items never share or swap recipients (no thread-local state). Immutable.
 *
 * <p><b>Security guarantees:</b> the Stream passes the owner's connection and a card-backed prompter addressed to the
 * owner ({@code CardApprovalPrompter}), so a fresh approval in the middle of a run is asked of the owner only;
 * {@link #none()} declines every approval.
 *
 * @param connectionId the connection progress and approval cards go to, or null when there is none
 * @param listener     receives the run's progress events
 * @param prompter     asks for fresh approvals (paused tool calls, spawned tasks)
 */
public record ExecutionContext(@Nullable String connectionId, WorkProgressListener listener,
                               ApprovalPrompter prompter) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param connectionId the connection progress and approval cards go to, or null when there is none
     * @param listener     receives the run's progress events
     * @param prompter     asks for fresh approvals (paused tool calls, spawned tasks) /
public
     */
    public ExecutionContext {
        if (connectionId != null && connectionId.isBlank()) {
            throw SilasException.invalid("connection_id", "must not be blank when given");
        }
        if (listener == null || prompter == null) {
            throw SilasException.invalid(listener == null ? "listener" : "prompter", "is required");
        }
    }

    /**
     * No recipient: progress dropped, every fresh approval declined.
     *
     * @return the execution context
     */
    public static ExecutionContext none() {
        return new ExecutionContext(null, WorkProgressListener.none(), ApprovalPrompter.declineAll());
    }
}
