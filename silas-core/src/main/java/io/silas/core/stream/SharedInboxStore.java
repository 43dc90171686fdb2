package io.silas.core.stream;

import java.util.List;
import java.util.OptionalInt;

/**
 * An {@link InboxStore} shared by several processes (a cluster of JVMs on one database), through which each process's
 * {@link Stream} keeps the order and numbering of one scope's turns across the cluster: a row may run only once it is
 * the oldest unfinished row of its scope, whichever process admitted the older rows, and takes its turn number from
 * one counter per scope in the store.
 *
 * <p>A row {@link #admit admitted} by a process belongs to that process; {@link #pending()} (at start) returns this
 * process's unfinished rows and {@link #takeOver()} (periodically) hands it the rows of processes that died (their
 * membership lapsed), so that a survivor runs them.
 *
 * <p>A row whose message waits for an owner's gate-approval card is {@link #park parked}: if its process dies, the
 * card died with it, and a survivor resolves the row to the card's safe default (the message is not processed; the
 * sender is told so) instead of leaving it unanswered forever.
 *
 * <p><b>Security guarantees.</b> Turns of one scope never overlap across the cluster and run in admission order; a
 * turn number is never given twice in a scope; a taken-over row keeps its trust decision and the number of its first
 * claim (a replay never re-classifies or renumbers).
 */
public interface SharedInboxStore extends InboxStore {
    /**
     * Claims the row's turn if it may run now.
     *
     * @param entry a row this process admitted or took over
     * @return the turn number (the number of an earlier claim of the same row, else the scope's next); empty while an
     *     older row of the scope is unfinished on any process
     * @throws io.silas.core.error.SilasException {@code NOT_FOUND} when the row is gone or belongs to another process
     *     (it was taken over: this process must not run it)
     */
    OptionalInt claimTurn(InboxEntry entry);

    /** This process's unfinished rows (taking over those of dead processes first), in admission order. */
    @Override
    List<InboxEntry> pending();

    /**
     * Makes the unfinished rows of dead processes (and unclaimed rows) this process's.
     *
     * @return only the rows taken over by this call, in admission order
     */
    List<InboxEntry> takeOver();

    /**
     * Keeps a row whose turn ended waiting for the owner's gate-approval card (sent by this process): it no longer
     * holds back the scope's later turns, and {@link #withdraw} removes it once the card is answered. If this process
     * dies first, {@link #takeOverParked} hands it to a survivor, which resolves it to the card's safe default. A no-op
     * when the row is gone.
     *
     * @param entry the row whose message waits for the owner's card
     */
    void park(InboxEntry entry);

    /**
     * Makes the parked rows of dead processes this process's (with {@code ownToo}, also this node's own, left by an
     * earlier process with the same node id: their cards died with it).
     *
     * @param ownToo whether this node's own parked rows are taken too (at startup only)
     * @return only the rows taken over by this call, in admission order
     */
    List<InboxEntry> takeOverParked(boolean ownToo);
}
