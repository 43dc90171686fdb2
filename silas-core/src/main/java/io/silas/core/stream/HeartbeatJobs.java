package io.silas.core.stream;

import io.silas.core.channel.OwnerChannel;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import java.util.List;

/**
 * The proactive heartbeat loops ({@code heartbeat:suggestions}, {@code heartbeat:autonomy}) as something the
 * Stream can register at {@code start()} without depending on their implementation (the default is
 * {@code io.silas.proactivity.Heartbeats}). Heartbeats run from the scheduler, never from inside a turn.
 *
 * <p><b>Security guarantees:</b> the owner is handed in by whoever registers the jobs — the Stream passes its own
 * declared owner ({@code Stream.builder().ownerConnections(..)}, default {@code owner_id}) — so the heartbeats' cards
 * (suggestion, autonomy and batch reviews, all approval-class) go to the same owner connection as every other
 * approval card, and a host never declares the owner twice.
 */
@FunctionalInterface
public interface HeartbeatJobs {
    /**
     * Registers (or replaces) the heartbeat jobs on {@code scheduler} and returns them; every card they send goes
     * to {@code owner}'s primary connection.
     *
     * @param scheduler the job scheduler
     * @param owner the owner's connections (the same as {@code Stream.builder().ownerConnections(..)})
     * @return the list
     */
    List<ScheduledJob> register(Scheduler scheduler, OwnerChannel owner);

    /**
     * Re-sends, once at {@code Stream.start()}, a card for every review item still pending from before a restart,
     * each to {@code owner}'s primary connection only, the card naming its scope; answers route as for fresh cards. The default re-sends nothing (an
     * implementation without a review queue has nothing pending).
     *
     * @param owner the owner's connections (the same as {@code Stream.builder().ownerConnections(..)})
     * @return how many cards were sent
     */
    default int resendPending(OwnerChannel owner) {
        return 0;
    }
}
