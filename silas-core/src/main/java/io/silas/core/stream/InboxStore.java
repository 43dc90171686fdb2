package io.silas.core.stream;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.context.ChronicleStore;
import io.silas.core.context.ContextItem;
import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.MemoryStore;
import io.silas.core.memory.ReingestionTier;
import io.silas.core.trust.TrustDecision;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The durable inbox of the {@link Stream} (docs/contracts.md#startup-and-rehydration crash safety): every admitted
 * message is written here before
 * {@code submit} returns, and its row is removed when the turn has finished, so that a process killed at any point
 * replays exactly the messages whose turn had not finished.
 *
 * <p><b>Commit points.</b> The store writes the turn's two chronicle entries itself, each in one atomic step with the
 * row's state change and with the raw-lane memory item of the same text (docs/contracts.md#stream-and-turns step 3.5
 * for the message, the reply's raw item after step 14), so the chronicle, the raw memory lane and the inbox never
 * disagree and a turn costs two durable writes fewer:
 * <ol>
 *   <li>{@link #admit} — the row exists (state: admitted);</li>
 *   <li>{@link #recordMessage} — the user's chronicle entry and its raw memory item (if any) are appended <i>and</i>
 *       the row records its turn number (a replay does not chronicle or ingest the message again, and keeps the turn
 *       number);</li>
 *   <li>{@link #complete} — the reply's chronicle entry and raw memory item (if any) are appended <i>and</i> the row
 *       is removed. This is
 *       the turn's commit: it happens before the reply is sent, so a crash between the two loses the delivery of
 *       that one reply (it is in the chronicle) but never runs the turn twice.</li>
 * </ol>
 * The chronicle entries and raw items go to the {@link ChronicleStore} and {@link MemoryStore} this inbox was
 * created with ({@code SqliteStores}: the chronicle and memory tables of the same database, in the same SQLite
 * transaction as the row change; {@link #inMemory}: the stores passed in). A Stream must therefore use the chronicle
 * and memory stores of the same bundle as its inbox.
 *
 * <p><b>Errors.</b> Null or blank arguments are {@code INVALID_INPUT}; so is a chronicle entry whose {@code ctx_id}
 * the scope already has, and a raw item that is not in the {@code low_reingestion} lane, belongs to another scope or
 * whose {@code memory_id} the scope already has (nothing is written). Completing or withdrawing a row that no longer exists is a no-op.
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
     * @param scopeId the scope the call belongs to
     * @param connectionId the connection
     * @param message the message
     * @param trust the trust level of the triggering message ({@code owner}, {@code auth}, {@code external}), or null
     * @param admittedAt when the row was written
     * @return the stored row, with its admission sequence number
     */
    InboxEntry admit(String scopeId, String connectionId, ChannelMessage message, TrustDecision trust,
                     Instant admittedAt);

    /**
     * Appends the user's message to the scope's chronicle and its raw item (if not null) to the scope's raw memory
     * lane, and marks the row as chronicled in its turn, all in one atomic step.
     *
     * @param entry the entry
     * @param messageEntry the message entry
     * @param raw the raw
     */
    void recordMessage(InboxEntry entry, ContextItem messageEntry, @Nullable MemoryItem raw);

    /**
     * Appends the reply (if not null) to the scope's chronicle and its raw item (if not null) to the scope's raw
     * memory lane, and removes the row, all in one atomic step: the turn has finished.
     *
     * @param entry the entry
     * @param reply the text sent to the connection; empty when nothing was sent
     * @param raw the raw
     */
    void complete(InboxEntry entry, @Nullable ContextItem reply, @Nullable MemoryItem raw);

    /**
     * Removes a row whose message was never queued (admission failed after the row was written).
     *
     * @param entry the entry
     */
    void withdraw(InboxEntry entry);

    /** {@return every unfinished row, in admission order} */
    List<InboxEntry> pending();

    /**
     * {@return an in-memory inbox that writes chronicle entries to {@code chronicle} and raw items to {@code memory} (lost on
     * restart; for tests)}
     *
     * @param chronicle chronicle-zone budget
     * @param memory memory-zone budget
     */
    static InboxStore inMemory(ChronicleStore chronicle, MemoryStore memory) {
        return new InMemoryInboxStore(chronicle, memory);
    }

    /**
     * Checks that {@code raw} (if not null) may be written with a row of {@code scopeId}: raw lane and the same
     * scope. Shared by implementations so that they reject alike.
     *
     * @param scopeId the scope the call belongs to
     * @param raw the raw
     */
    static void requireRaw(String scopeId, @Nullable MemoryItem raw) {
        if (raw != null) {
            MemoryStore.requireLane(raw, ReingestionTier.LOW_REINGESTION);
            if (!raw.scopeId().equals(scopeId)) {
                throw SilasException.invalid("scope_id", "the raw memory item belongs to another scope");
            }
        }
    }
}
