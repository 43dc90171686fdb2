package io.silas.core.stream;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import io.silas.core.trust.TrustDecision;
import java.time.Instant;

/**
 * One admitted message that has not finished its turn yet (a row of the {@link InboxStore}). It carries the
 * trust decision made at admission, so a replayed owner message stays {@code owner} although its nonce was consumed
 * before a crash: trust is never re-derived from the stored text. Immutable and thread-safe.
 *
 * @param seq            admission order, unique and increasing across the store ({@code >= 1}); replay runs each
 *                       scope's rows in this order
 * @param scopeId        the scope the turn runs in
 * @param connectionId   the connection the message came from; the reply goes back to it
 * @param message        the message as received (its text is stored exactly as the chronicle stores it)
 * @param trust          the decision of {@code MessageTrust} at admission
 * @param admittedAt     when the row was written
 * @param chronicledTurn the turn number under which the message itself is already in the chronicle (the turn had
 *                       started when the process stopped), or 0 if it is not
 */
public record InboxEntry(long seq, String scopeId, String connectionId, ChannelMessage message, TrustDecision trust,
                         Instant admittedAt, int chronicledTurn) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param seq            admission order, unique and increasing across the store ({
     * @param scopeId        the scope the turn runs in
     * @param connectionId   the connection the message came from; the reply goes back to it
     * @param message        the message as received (its text is stored exactly as the chronicle stores it)
     * @param trust          the decision of {
     * @param admittedAt     when the row was written
     * @param chronicledTurn the turn number under which the message itself is already in the chronicle (the turn had
     *                       started when the process stopped), or 0 if it is not /
public
     */
    public InboxEntry {
        if (seq < 1) {
            throw SilasException.invalid("seq", "must be >= 1");
        }
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonBlank(connectionId, "connection_id");
        Checks.nonNull(message, "message");
        Checks.nonNull(trust, "trust");
        Checks.nonNull(admittedAt, "admitted_at");
        Checks.nonNegative(chronicledTurn, "chronicled_turn");
    }

    /**
     * {@return a copy recording that the message was chronicled in {@code turn}}
     *
     * @param turn the turn
     */
    public InboxEntry withChronicledTurn(int turn) {
        if (turn < 1) {
            throw SilasException.invalid("chronicled_turn", "must be >= 1");
        }
        return new InboxEntry(seq, scopeId, connectionId, message, trust, admittedAt, turn);
    }
}
