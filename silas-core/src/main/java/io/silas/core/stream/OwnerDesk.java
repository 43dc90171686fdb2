package io.silas.core.stream;

import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.OwnerChannel;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Where approval-class cards and owner notifications go (the owner's connections, never the sender's) and where a
 * card's answer is handled.
 *
 * @param cards      the owner's connections, the bound on cards waiting for the owner, gate grants, non-owner plans
 * @param prompter   sends cards and waits for answers; null: nothing can be asked (held gates block, plans are
 *                   unavailable)
 * @param background runs what follows a card's answer (never a turn thread)
 */
record OwnerDesk(OwnerCards cards, @Nullable CardPrompter prompter, Executor background) {

    /** The owner's connections: approval-class cards and owner notifications go to {@link OwnerChannel#primary()}. */
    OwnerChannel owner() {
        return cards.owner();
    }
}
