package io.silas.core.channel;

/**
 * A channel that can show a reply while it is being written: the Stream sends the parts of a reply that already
 * passed the output gates with {@link #sendPart}, then ends the reply with {@link #endReply}, whose text is the
 * reply as it was finally decided and <em>replaces</em> every part shown for that reply id. A channel that does not
 * implement this interface gets each reply whole through {@link #send}, as before.
 *
 * <p>Only the proxy's or planner's reply of a turn streams, only when the model streams, and only after the input
 * gates passed. Parts are released a segment (a line or a sentence) at a time, each only after the turn's output
 * gates passed the whole reply up to the end of that segment; a segment they block, hold for approval or rewrite is
 * not sent, and nothing after it is either. The final check of the whole reply is unchanged.
 *
 * <p>Thread-safe like {@link ChannelAdapter}. Parts of one reply are sent in order from one thread at a time.
 *
 * <p><b>Security guarantees:</b> text an output gate blocks or rewrites is never passed to {@link #sendPart}; when
 * the whole reply is blocked or redacted after some parts were shown, {@link #endReply} carries the escalation's
 * reply or the redacted text, and the channel must replace the parts with it (a client that cannot replace shown
 * text must not implement this interface).
 */
public interface StreamingChannel extends ChannelAdapter {
    /**
     * Appends {@code text} to the reply {@code replyId} being written to {@code recipientId}. Blocking like
     * {@link #send}; may throw {@code SilasException(CHANNEL_FAILURE)} (the Stream then stops streaming this reply
     * and sends it whole at the end).
     *
     * @param recipientId the recipient id
     * @param replyId the reply id
     * @param text the text
     */
    void sendPart(String recipientId, String replyId, String text);

    /**
     * Ends the reply {@code replyId}: {@code finalText} replaces every part sent for it (empty: the reply is
     * withdrawn and nothing replaces it).
     *
     * @param recipientId the recipient id
     * @param replyId the reply id
     * @param finalText the final text
     */
    void endReply(String recipientId, String replyId, String finalText);
}
