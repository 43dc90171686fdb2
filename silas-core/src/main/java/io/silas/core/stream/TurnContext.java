package io.silas.core.stream;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import io.silas.core.trust.TrustDecision;

/**
 * The identity of one turn as the pipeline sees it after trust classification: where the message came from,
 * which scope it runs in, its turn number and how far it is trusted. Immutable and thread-safe.
 *
 * @param connectionId the connection the message came from; every reply, card and progress message of the turn
 *                     goes back to it
 * @param scopeId      the scope ({@code SilasConfig.scopeIdFor(connectionId)})
 * @param turnNumber   the scope's turn counter, from 1
 * @param message      the inbound message as received (text not yet gated)
 * @param trust        the trust decision of {@code MessageTrust}
 */
public record TurnContext(String connectionId, String scopeId, int turnNumber, ChannelMessage message,
                          TrustDecision trust) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param connectionId the connection the message came from; every reply, card and progress message of the turn
     *                     goes back to it
     * @param scopeId      the scope ({
     * @param turnNumber   the scope's turn counter, from 1
     * @param message      the inbound message as received (text not yet gated)
     * @param trust        the trust decision of {
     */
    public TurnContext {
        Checks.nonBlank(connectionId, "connection_id");
        Checks.nonBlank(scopeId, "scope_id");
        if (turnNumber < 1) {
            throw SilasException.invalid("turn_number", "must be >= 1");
        }
        Checks.nonNull(message, "message");
        Checks.nonNull(trust, "trust");
    }
}
