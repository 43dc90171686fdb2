package io.silas.core.connection;

import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.SilasException;
import io.silas.core.work.WorkItem;
import org.jspecify.annotations.Nullable;

/**
 * What a tapped recovery chip did (docs/contracts.md#connections), handed to the manager builder's recovery sink after
 * the chosen action ran. One outcome per failure card; a card that timed out or whose recipient disconnected reports
 * {@code skip} / {@link Result#SKIPPED}.
 *
 * @param skillName the connection skill
 * @param connectionId the registered connection (health failures), or null for a setup flow that never registered
 * @param action the chosen chip's action key ({@code retry}, {@code reconnect}, {@code skip}, ...)
 * @param result what the action achieved
 * @param itRequest the work item drafting the IT admin request ({@link Result#DRAFTED} only); it goes through the
 *     standard plan → approve → execute flow like any work item
 */
public record RecoveryOutcome(String skillName, @Nullable String connectionId, String action, Result result,
                              @Nullable WorkItem itRequest) {
    /** The result of a recovery action. */
    public enum Result {
        /** The connection works again ({@code active}), or the retried setup produced a proposal. */
        SUCCEEDED,
        /** The action ran and did not fix the connection (status stays {@code failed}; setup stays failed). */
        FAILED,
        /** Retry later: a one-shot retry is scheduled (health failures with a scheduler), else left to the user. */
        DEFERRED,
        /** Skip, a timeout, a disconnect, or an action this SDK does not know: nothing ran. */
        SKIPPED,
        /** An IT admin request was drafted as a work item ({@link #itRequest()}). */
        DRAFTED
    }

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param skillName    the connection skill
     * @param connectionId the registered connection (health failures), or null for a setup flow that never registered
     * @param action       the chosen chip's action key ({
     * @param result       what the action achieved
     * @param itRequest    the work item drafting the IT admin request ({
     */
    public RecoveryOutcome {
        nonBlank(skillName, "skill_name");
        nonBlank(action, "action");
        nonNull(result, "result");
        if ((result == Result.DRAFTED) != (itRequest != null)) {
            throw SilasException.invalid("it_request", "is required exactly for a drafted IT request");
        }
    }
}
