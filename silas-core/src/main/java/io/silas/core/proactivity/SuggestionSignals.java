package io.silas.core.proactivity;

import java.time.Instant;
import java.util.List;

/**
 * The host's view of a scope for idle suggestions (docs/contracts.md#proactivity-and-autonomy): active-goal state,
 * pending reviews, connection warnings and recent results, as {@link SuggestionSignal}s. The engine turns them into
 * suggestion cards deterministically (connection warnings first, then pending reviews, active goals, recent results)
 * and applies deduplication and caps; this interface only lists what is true now.
 *
 * <p>Called from the heartbeat, never from a turn; implementations must be thread-safe and should be quick
 * (read stores, no network). A signal source that throws is logged and treated as "no signals" for that call.
 */
@FunctionalInterface
public interface SuggestionSignals {
    /**
     * {@return the scope's current signals (possibly empty, never null)}
     *
     * @param scopeId the scope the call belongs to
     * @param now the current time
     */
    List<SuggestionSignal> signals(String scopeId, Instant now);

    /** {@return a source with no signals (idle suggestions off; post-execution suggestions still work)} */
    static SuggestionSignals none() {
        return (scopeId, now) -> List.of();
    }
}
