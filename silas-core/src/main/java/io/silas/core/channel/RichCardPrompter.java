package io.silas.core.channel;

import io.silas.core.error.SilasException;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/** {@link CardPrompter} over a {@link RichCardChannel}: cards rendered natively, taps reported by the host. */
final class RichCardPrompter extends PendingCards {
    private final RichCardChannel channel;

    RichCardPrompter(RichCardChannel channel, Clock clock, ScheduledExecutorService scheduler) {
        super(clock, scheduler);
        if (channel == null) {
            throw SilasException.invalid("channel", "is required");
        }
        this.channel = channel;
    }

    @Override
    void deliver(String recipientId, Card card) {
        channel.sendCard(recipientId, card);
    }

    /** Rich channels answer with taps, so text messages are never card replies. */
    @Override
    public boolean offerMessage(String fromRecipientId, String text, boolean ownerSigned) {
        return false;
    }
}
