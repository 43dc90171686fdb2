package io.silas.core.agent;

import io.silas.core.error.Checks;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The input of a proxy or planner call. The Stream fills {@code message} with the turn's (gated) user text and
 * {@code context} with the scope's rendered context window; the work executor uses only {@code message} and
 * {@code workItemId} to ask the planner for guidance on a stuck work item. Immutable and thread-safe.
 *
 * @param message    the text the agent answers (prompt body); never blank
 * @param workItemId the work item the call is about, if any
 * @param context    the rendered context window of the turn's scope (metadata-tagged blocks), if any; it holds
 *                   only that scope's content
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentRequest(String message, @Nullable String workItemId, @Nullable String context) {
    public AgentRequest {
        Checks.nonBlank(message, "message");
    }

    /** A request without rendered context (the work executor's form). */
    public AgentRequest(String message, @Nullable String workItemId) {
        this(message, workItemId, null);
    }

    /** A request about no particular work item. */
    public static AgentRequest of(String message) {
        return new AgentRequest(message, null, null);
    }

    /** A turn request: the user's text plus the scope's rendered context. */
    public static AgentRequest forTurn(String message, String context) {
        return new AgentRequest(message, null, Checks.nonNull(context, "context"));
    }

    /**
     * The same request with a structured-output validation error appended, for the one retry of
     * {@link StructuredCalls}.
     */
    public AgentRequest withValidationError(String error) {
        return new AgentRequest(message + StructuredCalls.retryNote(error), workItemId, context);
    }
}
