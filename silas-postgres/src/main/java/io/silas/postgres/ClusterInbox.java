package io.silas.postgres;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.stream.InboxEntry;
import io.silas.core.trust.TrustDecision;
import java.time.Instant;
import java.util.Optional;

/**
 * The inbox as a work queue shared by several JVMs: any JVM {@link #enqueue enqueues} an admitted message, and
 * workers on every JVM {@link #claimNext claim} turns to run, then finish them with the {@code InboxStore} methods
 * {@code recordMessage} and {@code complete} of the same bundle.
 *
 * <p><b>Guarantees.</b> Only the oldest unfinished row of a scope can be claimed, so the turns of one scope (one
 * connection) never overlap and run in admission order, whichever JVM admitted them. Each claim gets the scope's next
 * turn number from one counter in the database ({@code scope_turns}), so turn numbers are unique per scope across the
 * cluster; a row taken over keeps the number of its first claim. A row claimed by a node whose lease expired (the JVM
 * died, even by {@code kill -9}) becomes claimable again: nothing admitted is lost, and because {@code complete}
 * removes the row in the same transaction that chronicles the reply, no finished turn is claimed twice.
 *
 * <p><b>Security guarantees.</b> A claimed row carries the trust decision made at admission; a worker never
 * re-classifies the text. Claims use {@code FOR UPDATE SKIP LOCKED}: two workers never hold the same row.
 */
public interface ClusterInbox {
    /** A claimed row and the scope's turn number to run it as. */
    record Claim(InboxEntry entry, int turnNumber) {
    }

    /**
     * Records an admitted message durably, unclaimed: whichever worker is free runs it.
     *
     * @param scopeId the scope the call belongs to
     * @param connectionId the connection
     * @param message the message
     * @param trust the trust
     * @param admittedAt the admitted at
     * @return the inbox entry
     */
    InboxEntry enqueue(String scopeId, String connectionId, ChannelMessage message, TrustDecision trust,
                       Instant admittedAt);

    /**
     * Claims the next runnable row for this node, if any.
     *
     * @return the result, if any
     */
    Optional<Claim> claimNext();

    /** {@return the id of the node this inbox claims for} */
    String nodeId();
}
