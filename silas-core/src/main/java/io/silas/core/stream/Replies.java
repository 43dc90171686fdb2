package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.ChannelAdapter;
import io.silas.core.channel.StreamingChannel;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channel sends with the taxonomy applied: a send that throws anything but a {@link SilasException} becomes
 * {@code CHANNEL_FAILURE} (docs/contracts.md#errors {@code E_CHANNEL_*}). Stateless.
 */
final class Replies {
    /** Audit event of a reply that could not be delivered where nothing else reports it (admission replies). */
    static final String EVENT_SEND_FAILED = "channel_send_failed";

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private Replies() {
    }

    /**
     * Sends {@code text} to the connection.
     *
     * @throws SilasException {@code CHANNEL_FAILURE} when the channel threw (a {@code SilasException} it threw is
     *     passed on unchanged)
     */
    static void send(ChannelAdapter channel, String connectionId, String text) {
        mapped(channel, "send", () -> channel.send(connectionId, text));
    }

    /**
     * Ends a streamed reply with its final text, with the same failure mapping as {@link #send}.
     *
     * @throws SilasException {@code CHANNEL_FAILURE} when the channel threw
     */
    static void end(StreamingChannel channel, String connectionId, String replyId, String text) {
        mapped(channel, "end a reply", () -> channel.endReply(connectionId, replyId, text));
    }

    private static void mapped(ChannelAdapter channel, String what, Runnable delivery) {
        try {
            delivery.run();
        } catch (SilasException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SilasException(ErrorCode.CHANNEL_FAILURE,
                    "channel " + channel.name() + " failed to " + what + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** Sends a best-effort reply; a failure is audited {@value #EVENT_SEND_FAILED} and swallowed. */
    static void sendOrAudit(ChannelAdapter channel, AuditLog audit, String scopeId, String connectionId, String text) {
        try {
            send(channel, connectionId, text);
        } catch (SilasException e) {
            LOG.warn("Reply to a connection of scope {} failed: {}", scopeId, e.code().id());
            AuditData data = AuditData.scope(scopeId);
            data.connection(connectionId);
            data.put("error_code", e.code().id());
            audit.append(EVENT_SEND_FAILED, data);
        }
    }
}
