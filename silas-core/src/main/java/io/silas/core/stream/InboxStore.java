package io.silas.core.stream;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.context.ContextItem;
import io.silas.core.memory.ChronicleStore;
import io.silas.core.trust.TrustDecision;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The durable inbox of the {@link Stream} (spec §5.1.3 crash safety): every admitted message is written here before
 * {@code submit} returns, and its row is removed when the turn has finished, so that a process killed at any point
 * replays exactly the messages whose turn had not finished.
 *
 * <p><b>Commit points.</b> The store writes the turn's two chronicle entries itself, each in one atomic step with
 * the row's state change, so the chronicle and the inbox never disagree:
 * <ol>
 *   <li>{@link #admit} — the row exists (state: admitted);</li>
 *   <li>{@link #recordMessage} — the user's chronicle entry is appended <i>and</i> the row records its turn number
 *       (a replay does not chronicle the message again, and keeps the turn number);</li>
 *   <li>{@link #complete} — the reply's chronicle entry (if any) is appended <i>and</i> the row is removed. This is
 *       the turn's commit: it happens before the reply is sent, so a crash between the two loses the delivery of
 *       that one reply (it is in the chronicle) but never runs the turn twice.</li>
 * </ol>
 * The chronicle entries go to the {@link ChronicleStore} this inbox was created with ({@code SqliteStores}: the
 * chronicle of the same database, in the same SQLite transaction as the row change; {@link #inMemory}: the store
 * passed in). A Stream must therefore use the chronicle store of the same bundle.
 *
 * <p><b>Errors.</b> Null or blank arguments are {@code INVALID_INPUT}; so is a chronicle entry whose {@code ctx_id}
 * the scope already has (nothing is written). Completing or withdrawing a row that no longer exists is a no-op.
 * Durable implementations may throw the {@code DB_*} codes. Implementations are thread-safe; each call is atomic.
 *
 * <p><b>Security guarantees:</b> a row stores the message text exactly as the chronicle does (secure input never
 * travels in messages) and the trust decision made at admission; replay uses that decision and never classifies
 * the text again.
 */
public interface InboxStore {
    /**
     * Records an admitted message durably.
     *
     * @return the stored row, with its admission sequence number
     */
    InboxEntry admit(String scopeId, String connectionId, ChannelMessage message, TrustDecision trust,
                     Instant admittedAt);

    /** Appends the user's message to the scope's chronicle and marks the row as chronicled in its turn. */
    void recordMessage(InboxEntry entry, ContextItem messageEntry);

    /** Appends the reply (if not null) to the scope's chronicle and removes the row: the turn has finished. */
    void complete(InboxEntry entry, @Nullable ContextItem reply);

    /** Removes a row whose message was never queued (admission failed after the row was written). */
    void withdraw(InboxEntry entry);

    /** Every unfinished row, in admission order. */
    List<InboxEntry> pending();

    /** An in-memory inbox that writes chronicle entries to {@code chronicle} (lost on restart; for tests). */
    static InboxStore inMemory(ChronicleStore chronicle) {
        return new InMemoryInboxStore(chronicle);
    }
}
