package io.silas.proactivity;

import io.silas.core.error.Checks;

/**
 * One scope the heartbeats poll, with the one recipient its cards go to (docs/contracts.md#proactivity-and-autonomy).
 *
 * @param scopeId     the scope whose review queue and thresholds are polled
 * @param recipientId the connection id that receives this scope's cards, and only this scope's cards
 */
public record ActiveScope(String scopeId, String recipientId) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param scopeId     the scope whose review queue and thresholds are polled
     * @param recipientId the connection id that receives this scope's cards, and only this scope's cards /
public
     */
    public ActiveScope {
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonBlank(recipientId, "recipient_id");
    }
}
