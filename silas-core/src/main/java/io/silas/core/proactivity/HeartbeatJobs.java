package io.silas.core.proactivity;

import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import java.util.List;

/**
 * The proactive heartbeat loops ({@code heartbeat:suggestions}, {@code heartbeat:autonomy}) as something the
 * Stream can register at {@code start()} without depending on their implementation (the default is
 * {@code io.silas.proactivity.Heartbeats}). Heartbeats run from the scheduler, never from inside a turn.
 */
@FunctionalInterface
public interface HeartbeatJobs {
    /** Registers (or replaces) the heartbeat jobs on {@code scheduler} and returns them. */
    List<ScheduledJob> register(Scheduler scheduler);

    /**
     * Re-sends, once at {@code Stream.start()}, a card for every review item still pending from before a restart,
     * each to its own scope's recipient only; answers route as for fresh cards. The default re-sends nothing (an
     * implementation without a review queue has nothing pending).
     *
     * @return how many cards were sent
     */
    default int resendPending() {
        return 0;
    }
}
