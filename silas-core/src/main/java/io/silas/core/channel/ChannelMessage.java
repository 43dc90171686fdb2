package io.silas.core.channel;

import io.silas.core.IdGenerator;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A raw inbound message from any channel (docs/contracts.md#inbound-message-trust): which channel, who sent it (the
 * channel's own sender id), the text, when it was received, attachment paths or URLs, the id of the message it replies
 * to, and free-form channel metadata (e.g. a chat id). Immutable and validated; collections are copied.
 *
 * <p>Nothing in a {@code ChannelMessage} is trusted: its trust level is decided by
 * {@code io.silas.core.channel.MessageTrust} from a signature or a known authenticated identity, never from any
 * field here. {@link #toString()} omits the text (it shows its length) so logging a message never logs its
 * content. JSON uses snake_case ({@code message_id, sender_id, reply_to}); {@link #fromJson} rejects unknown
 * fields.
 *
 * @param messageId unique id of this message (non-blank, at most 200 characters)
 * @param channel source channel, e.g. {@code web}, {@code telegram}, {@code cli}, {@code webhook}
 * @param senderId sender identifier within the channel
 * @param text message content (may be empty, never null)
 * @param timestamp when the message was received
 * @param attachments paths or URLs of attachments (empty if none)
 * @param replyTo id of the message this one replies to, if any
 * @param metadata channel-specific metadata (empty if none); application data, not trusted
 */
public record ChannelMessage(String messageId, String channel, String senderId, String text, Instant timestamp,
                             List<String> attachments, @Nullable String replyTo, Map<String, String> metadata) {
    private static final int MAX_ID_LENGTH = 200;

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param messageId   unique id of this message (non-blank, at most 200 characters)
     * @param channel     source channel, e.g. {
     * @param senderId    sender identifier within the channel
     * @param text        message content (may be empty, never null)
     * @param timestamp   when the message was received
     * @param attachments paths or URLs of attachments (empty if none)
     * @param replyTo     id of the message this one replies to, if any
     * @param metadata    channel-specific metadata (empty if none); application data, not trusted /
public
     */
    public ChannelMessage {
        requireId("message_id", messageId);
        requireId("channel", channel);
        requireId("sender_id", senderId);
        if (text == null) {
            throw SilasException.invalid("text", "must not be null (use an empty string)");
        }
        if (timestamp == null) {
            throw SilasException.invalid("timestamp", "must not be null");
        }
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        if (replyTo != null && replyTo.isBlank()) {
            throw SilasException.invalid("reply_to", "must not be blank when present");
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /**
     * {@return a message with a random id, no attachments, no reply target and no metadata}
     *
     * @param channel source channel, e.g. {@code web}, {@code telegram}, {@code cli}, {@code webhook}
     * @param senderId sender identifier within the channel
     * @param text the text
     * @param timestamp when the message was received
     */
    public static ChannelMessage of(String channel, String senderId, String text, Instant timestamp) {
        return new ChannelMessage(IdGenerator.random().next(), channel, senderId, text, timestamp, List.of(), null, Map.of());
    }

    /**
     * Reads a message from JSON; unknown fields and invalid values are {@code INVALID_INPUT}.
     *
     * @param json the JSON text
     * @return the channel message
     */
    public static ChannelMessage fromJson(String json) {
        return Json.readStrict(json, ChannelMessage.class);
    }

    /** {@return this message as JSON (snake_case)} */
    public String toJson() {
        return Json.write(this);
    }

    /**
     * {@return a copy with another text}
     *
     * @param newText the new text
     */
    public ChannelMessage withText(String newText) {
        return new ChannelMessage(messageId, channel, senderId, newText, timestamp, attachments, replyTo, metadata);
    }

    /**
     * {@return a copy with another sender}
     *
     * @param newChannel the new channel
     * @param newSenderId the new sender id
     */
    public ChannelMessage withSender(String newChannel, String newSenderId) {
        return new ChannelMessage(messageId, newChannel, newSenderId, text, timestamp, attachments, replyTo, metadata);
    }

    /** Shows ids and the text length, never the text. */
    @Override
    public String toString() {
        return "ChannelMessage[message_id=" + messageId + ", channel=" + channel + ", sender_id=" + senderId
                + ", text=<" + text.length() + " chars>, timestamp=" + timestamp + ", attachments="
                + attachments.size() + ", reply_to=" + replyTo + "]";
    }

    private static void requireId(String field, String value) {
        if (value == null || value.isBlank()) {
            throw SilasException.invalid(field, "must not be blank");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw SilasException.invalid(field, "must be at most " + MAX_ID_LENGTH + " characters");
        }
    }
}
