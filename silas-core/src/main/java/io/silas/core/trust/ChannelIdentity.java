package io.silas.core.trust;

import io.silas.core.channel.MessageTrust;
import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.TaintLevel;

/**
 * A sender identity that a channel has authenticated on its own terms (e.g. a Telegram chat id verified at
 * setup, a logged-in web session user). Messages from a configured identity get {@link TaintLevel#AUTH} from
 * {@link MessageTrust}; never {@link TaintLevel#OWNER}, which only a signature earns.
 *
 * @param channel the channel name, as in {@code ChannelMessage.channel}
 * @param senderId the sender id within that channel, as in {@code ChannelMessage.senderId}
 */
public record ChannelIdentity(String channel, String senderId) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param channel  the channel name, as in {
     * @param senderId the sender id within that channel, as in {
     */
    public ChannelIdentity {
        if (channel == null || channel.isBlank()) {
            throw SilasException.invalid("channel", "must not be blank");
        }
        if (senderId == null || senderId.isBlank()) {
            throw SilasException.invalid("sender_id", "must not be blank");
        }
    }
}
