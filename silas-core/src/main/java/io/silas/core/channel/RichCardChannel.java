package io.silas.core.channel;

/**
 * A channel that can render interactive {@link Card}s (buttons, chips). The host renders the card to the
 * recipient and reports the tap back through {@link CardPrompter#answer(String, String, String)}, naming the
 * connection the tap came from; {@link CardPrompter#rich} turns this into a prompt with a timeout and a safe
 * default.
 *
 * <p>Thread-safe like {@link ChannelAdapter}. {@link #sendCard} may throw; the prompt then resolves to the
 * card's safe value at once.
 */
public interface RichCardChannel extends ChannelAdapter {
    /**
     * Renders {@code card} to {@code recipientId}; its CTAs are {@link Card#actions()} in the given order.
     *
     * @param recipientId the recipient id
     * @param card the card
     */
    void sendCard(String recipientId, Card card);
}
