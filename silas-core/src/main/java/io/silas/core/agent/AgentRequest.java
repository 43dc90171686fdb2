package io.silas.core.agent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.silas.core.error.Checks;
import io.silas.core.tool.ToolDefinition;
import io.silas.core.tool.Toolset;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The input of a proxy or planner call. The Stream fills {@code message} with the turn's (gated) user text,
 * {@code context} with the scope's rendered context window, {@code tools} and {@code toolset} with what the scope's
 * access level allows, and {@code styleDirectives} with the personality engine's prose; the work executor uses only
 * {@code message} and {@code workItemId} to ask the planner for guidance on a stuck work item. Immutable and
 * thread-safe.
 *
 * @param message         the text the agent answers (prompt body); never blank
 * @param workItemId      the work item the call is about, if any
 * @param context         the rendered context window of the turn's scope (metadata-tagged blocks), if any; it holds
 *                        only that scope's content
 * @param tools           the tools the agent may see this turn (access-filtered); empty when none (null → empty)
 * @param styleDirectives natural-language style directives of the scope's persona (no raw numbers), if any
 * @param toolset         the access-filtered toolset whose {@code execute} refuses every tool not in {@code tools};
 *                        null when the host configured none. Not serialized.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentRequest(String message, @Nullable String workItemId, @Nullable String context,
                           List<ToolDefinition> tools, @Nullable String styleDirectives,
                           @JsonIgnore @Nullable Toolset toolset) {
    public AgentRequest {
        Checks.nonBlank(message, "message");
        tools = Checks.list(tools, "tools");
    }

    /** A request without tools or style directives. */
    public AgentRequest(String message, @Nullable String workItemId, @Nullable String context) {
        this(message, workItemId, context, List.of(), null, null);
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
     * The same request with the scope's access-filtered toolset (its definitions become {@link #tools()}) and
     * persona directives.
     */
    public AgentRequest withTurnShaping(@Nullable Toolset filtered, @Nullable String directives) {
        List<ToolDefinition> visible = filtered == null ? List.of() : filtered.definitions();
        return new AgentRequest(message, workItemId, context, visible, directives, filtered);
    }

    /** The same request with another message (e.g. a rephrase instruction appended), tools and directives kept. */
    public AgentRequest withMessage(String newMessage) {
        return new AgentRequest(newMessage, workItemId, context, tools, styleDirectives, toolset);
    }

    /**
     * The same request with a structured-output validation error appended, for the one retry of
     * {@link StructuredCalls}.
     */
    public AgentRequest withValidationError(String error) {
        return withMessage(message + StructuredCalls.retryNote(error));
    }
}
