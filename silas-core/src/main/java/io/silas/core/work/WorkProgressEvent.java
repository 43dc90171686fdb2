package io.silas.core.work;

import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import java.time.Instant;

/**
 * One progress report of a {@link WorkItemExecutor}. {@code detail} is a short, user-safe sentence (a gate
 * reason, a failed check name); it never carries tool output or secrets. Immutable and thread-safe.
 *
 * @param workItemId the item the event is about (a project's task reports under its own id)
 * @param kind       what happened
 * @param attempt    the attempt number the event belongs to (0 before the first attempt)
 * @param detail     short explanation, may be empty
 * @param at         when it happened (executor clock)
 */
public record WorkProgressEvent(String workItemId, WorkProgress kind, int attempt, String detail, Instant at) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param workItemId the item the event is about (a project's task reports under its own id)
     * @param kind       what happened
     * @param attempt    the attempt number the event belongs to (0 before the first attempt)
     * @param detail     short explanation, may be empty
     * @param at         when it happened (executor clock) /
public
     */
    public WorkProgressEvent {
        Checks.nonBlank(workItemId, "work_item_id");
        Checks.nonNull(kind, "kind");
        Checks.nonNegative(attempt, "attempt");
        detail = detail == null ? "" : detail;
        if (at == null) {
            throw SilasException.invalid("at", "is required");
        }
    }
}
