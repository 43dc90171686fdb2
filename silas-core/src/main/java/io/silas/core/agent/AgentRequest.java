package io.silas.core.agent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.silas.core.context.ContextEntry;
import io.silas.core.context.ContextWindow;
import io.silas.core.error.Checks;
import io.silas.core.tool.ToolDefinition;
import io.silas.core.tool.Toolset;
import io.silas.core.vocabulary.TaintLevel;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The input of a proxy or planner call. The Stream fills {@code message} with the turn's (gated) user text,
 * {@code context} with the scope's rendered context window, {@code tools} and {@code toolset} with what the scope's
 * access level allows, and {@code styleDirectives} with the personality engine's prose; the work executor uses only
 * {@code message} and {@code workItemId} to ask the planner for guidance on a stuck work item. Immutable and
 * thread-safe; equal when all parts but the toolset are equal (like a record of them).
 *
 * <p>A turn's request carries the window as a {@link ContextWindow}: its text is built when {@link #context()} is first
 * read (then the same String), so a turn does not copy its whole window unless its agent reads it. The same window is
 * also available as typed, role-tagged {@link #entries()} (without the current message, which is {@link #message()},
 * sent by a sender of trust {@link #messageTaint()}), made only when read: a model adapter maps them onto its own
 * message types instead of parsing the rendered text.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class AgentRequest {
    private final String message;
    private final @Nullable String workItemId;
    private final @Nullable String context;
    private final @Nullable ContextWindow window;
    private final int windowTurn;
    private final List<ContextEntry> entries;
    private final @Nullable TaintLevel messageTaint;
    private final List<ToolDefinition> tools;
    private final @Nullable String styleDirectives;
    private final @Nullable Toolset toolset;
    private final AgentListener listener;

    /**
     * @param message         the text the agent answers (prompt body); never blank
     * @param workItemId      the work item the call is about, if any
     * @param context         the rendered context window of the turn's scope (metadata-tagged blocks), if any; it
     *                        holds only that scope's content
     * @param tools           the tools the agent may see this turn (access-filtered); empty when none (null → empty)
     * @param styleDirectives natural-language style directives of the scope's persona (no raw numbers), if any
     * @param toolset         the access-filtered toolset whose {@code execute} refuses every tool not in
     *                        {@code tools}; null when the host configured none. Not serialized.
     */
    public AgentRequest(String message, @Nullable String workItemId, @Nullable String context,
                        List<ToolDefinition> tools, @Nullable String styleDirectives, @Nullable Toolset toolset) {
        this(message, workItemId, context, null, 0, List.of(), null, tools, styleDirectives, toolset,
                AgentListener.NONE);
    }

    private AgentRequest(String message, @Nullable String workItemId, @Nullable String context,
                         @Nullable ContextWindow window, int windowTurn, @Nullable List<ContextEntry> entries,
                         @Nullable TaintLevel messageTaint, @Nullable List<ToolDefinition> tools,
                         @Nullable String styleDirectives, @Nullable Toolset toolset, AgentListener listener) {
        this.message = Checks.nonBlank(message, "message");
        this.workItemId = workItemId;
        this.context = context;
        this.window = window;
        this.windowTurn = windowTurn;
        this.entries = Checks.list(entries, "entries");
        this.messageTaint = messageTaint;
        this.tools = Checks.list(tools, "tools");
        this.styleDirectives = styleDirectives;
        this.toolset = toolset;
        this.listener = Checks.nonNull(listener, "listener");
    }

    /**
     * A request without tools or style directives.
     *
     * @param message the message
     * @param workItemId the work item
     * @param context the context window budget
     */
    public AgentRequest(String message, @Nullable String workItemId, @Nullable String context) {
        this(message, workItemId, context, List.of(), null, null);
    }

    /**
     * A request without rendered context (the work executor's form).
     *
     * @param message the message
     * @param workItemId the work item
     */
    public AgentRequest(String message, @Nullable String workItemId) {
        this(message, workItemId, null);
    }

    /**
     * {@return a request about no particular work item}
     *
     * @param message the message
     */
    public static AgentRequest of(String message) {
        return new AgentRequest(message, null, null);
    }

    /**
     * {@return a turn request: the user's text plus the scope's rendered context}
     *
     * @param message the message
     * @param context the context window budget
     */
    public static AgentRequest forTurn(String message, String context) {
        return new AgentRequest(message, null, Checks.nonNull(context, "context"));
    }

    /**
     * {@return a turn request: the user's text plus the scope's context window, whose text is built only when read}
     *
     * @param message the message
     * @param window the window
     */
    public static AgentRequest forTurn(String message, ContextWindow window) {
        return new AgentRequest(message, null, null, Checks.nonNull(window, "window"), 0, List.of(), null, List.of(),
                null, null, AgentListener.NONE);
    }

    /**
     * {@return the Stream's turn request: the user's text and its sender's trust, plus the scope's context window of turn
     * {@code turnNumber} (its text and its {@link #entries()} are made only when read)}
     *
     * @param message the message
     * @param messageTaint the message taint
     * @param window the window
     * @param turnNumber the scope's turn counter for this turn ({@code 0} for a message consumed as a card reply)
     */
    public static AgentRequest forTurn(String message, TaintLevel messageTaint, ContextWindow window, int turnNumber) {
        return new AgentRequest(message, null, null, Checks.nonNull(window, "window"), turnNumber, List.of(),
                Checks.nonNull(messageTaint, "message_taint"), List.of(), null, null, AgentListener.NONE);
    }

    /**
     * {@return a turn request with a rendered context and its typed entries given explicitly (hosts, tests)}
     *
     * @param message the message
     * @param messageTaint the message taint
     * @param context the context window budget
     * @param entries the entries
     */
    public static AgentRequest forTurn(String message, TaintLevel messageTaint, String context,
                                       List<ContextEntry> entries) {
        return new AgentRequest(message, null, Checks.nonNull(context, "context"), null, 0, entries,
                Checks.nonNull(messageTaint, "message_taint"), List.of(), null, null, AgentListener.NONE);
    }

    /** {@return the text the agent answers (prompt body); never blank} */
    @JsonProperty
    public String message() {
        return message;
    }

    /** {@return the work item the call is about, if any} */
    @JsonProperty
    public @Nullable String workItemId() {
        return workItemId;
    }

    /**
     * {@return the rendered context window of the turn's scope (metadata-tagged blocks), if any; it holds only that scope's
     * content} For a turn's request the text is built on the first call (one copy of the window), then the same.
     */
    @JsonProperty
    public @Nullable String context() {
        return window != null ? window.text() : context;
    }

    /**
     * {@return the context window as typed, role-tagged entries in render order, without the user message of this turn (that
     * is {@link #message()}); empty when the request has no typed context}
     */
    @JsonProperty
    public List<ContextEntry> entries() {
        return window != null ? window.entries(windowTurn) : entries;
    }

    /** {@return the trust of {@link #message()}'s sender in a turn request; null outside a turn} */
    @JsonProperty
    public @Nullable TaintLevel messageTaint() {
        return messageTaint;
    }

    /** {@return the tools the agent may see this turn (access-filtered); empty when none} */
    @JsonProperty
    public List<ToolDefinition> tools() {
        return tools;
    }

    /**
     * Natural-language style directives of the scope's persona (no raw numbers), if any.
     *
     * @return the string
     */
    @JsonProperty
    public @Nullable String styleDirectives() {
        return styleDirectives;
    }

    /**
     * {@return the access-filtered toolset whose {@code execute} refuses every tool not in {@link #tools()}; null when the host
     * configured none} Not serialized.
     */
    @JsonIgnore
    public @Nullable Toolset toolset() {
        return toolset;
    }

    /**
     * {@return where the agent reports reply parts and token usage; {@link AgentListener#NONE} outside a Stream turn}
     */
    @JsonIgnore
    public AgentListener listener() {
        return listener;
    }

    /**
     * {@return the same request with the scope's access-filtered toolset (its definitions become {@link #tools()}) and
     * persona directives}
     *
     * @param filtered the filtered
     * @param directives the directives
     */
    public AgentRequest withTurnShaping(@Nullable Toolset filtered, @Nullable String directives) {
        List<ToolDefinition> visible = filtered == null ? List.of() : filtered.definitions();
        return new AgentRequest(message, workItemId, context, window, windowTurn, entries, messageTaint, visible,
                directives, filtered, listener);
    }

    /**
     * {@return the same request with another message (e.g. a rephrase instruction appended), tools and directives kept}
     *
     * @param newMessage the new message
     */
    public AgentRequest withMessage(String newMessage) {
        return new AgentRequest(newMessage, workItemId, context, window, windowTurn, entries, messageTaint, tools,
                styleDirectives, toolset, listener);
    }

    /**
     * {@return the same request with the Stream's {@link AgentListener} of this turn (reply parts, token usage); not part of
     * equality or serialization}
     *
     * @param value the new value
     */
    public AgentRequest withListener(AgentListener value) {
        return new AgentRequest(message, workItemId, context, window, windowTurn, entries, messageTaint, tools,
                styleDirectives, toolset, Checks.nonNull(value, "listener"));
    }

    /**
     * {@return the same request with a structured-output validation error appended, for the one retry of
     * {@link StructuredCalls}}
     *
     * @param error why the call failed or was refused, if it did
     */
    public AgentRequest withValidationError(String error) {
        return withMessage(message + StructuredCalls.retryNote(error));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentRequest other && message.equals(other.message)
                && Objects.equals(workItemId, other.workItemId) && Objects.equals(context(), other.context())
                && entries().equals(other.entries()) && messageTaint == other.messageTaint && tools.equals(other.tools) && Objects.equals(styleDirectives, other.styleDirectives)
                && Objects.equals(toolset, other.toolset);
    }

    @Override
    public int hashCode() {
        return Objects.hash(message, workItemId, context(), entries(), messageTaint, tools, styleDirectives, toolset);
    }

    @Override
    public String toString() {
        return "AgentRequest[message=" + message + ", workItemId=" + workItemId + ", context=" + context()
                + ", messageTaint=" + messageTaint + ", tools=" + tools + ", styleDirectives=" + styleDirectives
                + ", toolset=" + toolset + "]";
    }
}
