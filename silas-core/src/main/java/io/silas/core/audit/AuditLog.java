package io.silas.core.audit;

import io.silas.core.IdGenerator;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The append-only, hash-chained record of every decision the runtime makes. Each entry links to the one
 * before it, so editing, deleting, inserting or reordering any stored entry is detected by
 * {@link #verifyChain()}.
 *
 * <p><b>Security guarantees.</b> Entries are never updated or removed through this API. Callers must never
 * put secret values into {@code data}: ids and references only. Implementations are thread-safe; appends
 * are serialised so sequence numbers are gap-free.
 */
public interface AuditLog {
    /**
     * Appends an event. {@code data} values are converted with the shared JSON mapper.
     *
     * @return the stored entry with its sequence number and hash
     */
    AuditEntry append(String event, Map<String, ?> data);

    /** Appends an event without data. */
    default AuditEntry append(String event) {
        return append(event, Map.of());
    }

    /** Verifies the whole chain from the first entry. */
    ChainVerification verifyChain();

    /** Records the current head as a checkpoint and returns it (sequence 0 when the log is empty). */
    AuditCheckpoint checkpoint();

    /** The most recent checkpoint, if any. */
    Optional<AuditCheckpoint> latestCheckpoint();

    /**
     * Verifies only the entries after the latest checkpoint (the whole chain if there is none), after
     * checking that the checkpointed entry still carries the checkpointed hash.
     */
    ChainVerification verifyFromCheckpoint();

    /** Entries with {@code seq >= fromSeq}, in order, at most {@code limit}. */
    List<AuditEntry> read(long fromSeq, int limit);

    /** Entries with the given event name, oldest first. */
    List<AuditEntry> findByEvent(String event);

    /** Number of entries. */
    long size();

    /** A thread-safe in-memory log (lost on restart; for tests and ephemeral hosts). */
    static AuditLog inMemory(Clock clock) {
        return new InMemoryAuditLog(clock, IdGenerator.random());
    }
}
