package io.silas.core.channel;

/**
 * A host-supplied outbound channel: delivers plain text to one recipient of this channel (a connection id).
 * Replies go through it to the recipient the inbound message came from; progress messages and text card prompts
 * go to the owner's connection ({@link OwnerChannel}).
 *
 * <p>Implementations must be thread-safe: different connections send concurrently. {@link #send} may throw
 * a {@code SilasException(CHANNEL_FAILURE)} when delivery fails; callers treat a failed card prompt as
 * unanswered and apply the card's safe default.
 */
public interface ChannelAdapter {
    /**
     * Stable channel name, e.g. {@code web}, {@code telegram}, {@code cli}.
     *
     * @return the string
     */
    String name();

    /**
     * Sends {@code text} to {@code recipientId}. Blocking; returns once the channel accepted the text.
     *
     * @param recipientId the recipient id
     * @param text the text
     */
    void send(String recipientId, String text);
}
