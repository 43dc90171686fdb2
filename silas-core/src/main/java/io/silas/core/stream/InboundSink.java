package io.silas.core.stream;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.SignedMessage;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link PullChannel} hands over what it received: the Stream's admission, exactly as
 * {@link Stream#submit(ChannelMessage, String, String)} — rate limits, bounded queues, the durable inbox and the
 * per-connection worker all apply. Giving a channel this instead of the {@link Stream} keeps shutdown, health and
 * card answers out of its reach.
 *
 * <p>Thread-safe: a channel may submit from any of its threads.
 */
public interface InboundSink {
    /**
     * Submits an unsigned message from {@code connectionId} (see {@link Stream#submit(ChannelMessage, String, String)}).
     *
     * @param message the message
     * @param connectionId the connection
     * @param clientAddress the client address
     * @return the completion stage
     */
    CompletionStage<TurnResult> submit(ChannelMessage message, String connectionId, @Nullable String clientAddress);

    /**
     * Submits an owner-signed message (see {@link Stream#submit(SignedMessage, String, String)}).
     *
     * @param message the message
     * @param connectionId the connection
     * @param clientAddress the client address
     * @return the completion stage
     */
    CompletionStage<TurnResult> submit(SignedMessage message, String connectionId, @Nullable String clientAddress);
}
