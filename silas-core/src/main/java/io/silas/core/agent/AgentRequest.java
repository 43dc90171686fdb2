package io.silas.core.agent;

import io.silas.core.error.Checks;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The input of a proxy or planner call. Deliberately minimal: the Stream grows it with the rendered context,
 * register and mode; the work executor uses it to ask the planner for guidance on a stuck work item.
 * Immutable and thread-safe.
 *
 * @param message    the text the agent answers (prompt body); never blank
 * @param workItemId the work item the call is about, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentRequest(String message, @Nullable String workItemId) {
    public AgentRequest {
        Checks.nonBlank(message, "message");
    }

    /** A request about no particular work item. */
    public static AgentRequest of(String message) {
        return new AgentRequest(message, null);
    }

    /**
     * The same request with a structured-output validation error appended, for the one retry of
     * {@link StructuredCalls}.
     */
    public AgentRequest withValidationError(String error) {
        return new AgentRequest(message + StructuredCalls.retryNote(error), workItemId);
    }
}
