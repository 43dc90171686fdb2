package io.silas.core.agent;

import java.util.List;

/**
 * What an agent may tell the Stream while it answers a turn's {@link AgentRequest}: the reply text as its model
 * writes it (so that a {@code StreamingChannel} can show it early) and the token usage its model reported (so that
 * the scope's context budget counts real tokens). Both are optional: an agent that never calls this works as before.
 * The Stream's listener is thread-safe; a model's callback thread may call it.
 *
 * <p><b>Security guarantees:</b> nothing reported here reaches a recipient unchecked: reply parts are released only
 * after the output gates passed them (see {@code StreamingChannel}), and reported usage only scales the budget
 * estimate within fixed bounds.
 */
public interface AgentListener {
    /** A listener that ignores everything (requests outside a Stream turn). */
    AgentListener NONE = new AgentListener() {
    };

    /**
     * The next piece of the reply text ({@code response.message}) of the call in progress, in order. Parts of a
     * call that then fails or answers invalidly are withdrawn by the Stream's final reply.
     *
     * @param text the text
     */
    default void replyPart(String text) {
    }

    /** The model call that wrote the parts so far has ended; parts of any later call (a retry) are not streamed. */
    default void replyEnd() {
    }

    /**
     * The model read {@code inputTokens} for a request made of {@code sentTexts} (every message's text) and wrote
     * {@code outputTokens}, as the provider reported them.
     *
     * @param sentTexts the sent texts
     * @param inputTokens the input tokens
     * @param outputTokens the output tokens
     */
    default void tokenUsage(List<String> sentTexts, long inputTokens, long outputTokens) {
    }
}
