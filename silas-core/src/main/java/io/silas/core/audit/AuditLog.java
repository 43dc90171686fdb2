package io.silas.core.audit;

import io.silas.core.IdGenerator;
import io.silas.core.error.SilasException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The append-only, hash-chained record of every decision the runtime makes. Each entry links to the one
 * before it, so editing, deleting, inserting or reordering any stored entry is detected by
 * {@link #verifyChain()}.
 *
 * <p><b>Security guarantees.</b> Entries are never updated or removed through this API. Against someone who can
 * rewrite the storage, give the log an {@link AuditSeal}: its checkpoints are signed and anchored outside the
 * storage, so truncation, or a forged checkpoint followed by truncation, fails verification (see the seal for the
 * window after the newest anchor). Callers must never
 * put secret values into {@code data}: ids and references only. Implementations are thread-safe; appends
 * are serialised so sequence numbers are gap-free.
 */
public interface AuditLog {
    /**
     * Appends an event. {@code data} values are converted with the shared JSON mapper.
     *
     * @param event the event
     * @param data the data
     * @return the stored entry with its sequence number and hash
     */
    AuditEntry append(String event, Map<String, ?> data);

    /**
     * Appends an event with typed data: the same entry as {@code append(event, data.asMap())}.
     *
     * @param event the event
     * @param data the data
     * @return the audit entry
     */
    default AuditEntry append(String event, @Nullable AuditData data) {
        return append(event, data == null ? Map.of() : data.asMap());
    }

    /**
     * Appends an event without data.
     *
     * @param event the event
     * @return the audit entry
     */
    default AuditEntry append(String event) {
        return append(event, Map.of());
    }

    /**
     * Verifies the whole chain from the first entry. A log with an {@link AuditSeal} also fails when a stored
     * checkpoint's signature is wrong or the chain does not reach the newest anchored checkpoint.
     *
     * @return the chain verification
     */
    ChainVerification verifyChain();

    /**
     * Records the current head as a checkpoint and returns it (sequence 0 when the log is empty). A log with an
     * {@link AuditSeal} signs it and writes it to the seal's anchor outside the log.
     *
     * @return the audit checkpoint
     */
    AuditCheckpoint checkpoint();

    /** {@return the most recent checkpoint, if any} */
    Optional<AuditCheckpoint> latestCheckpoint();

    /**
     * Verifies only the entries after the latest checkpoint (the whole chain if there is none), after
     * checking that the checkpointed entry still carries the checkpointed hash. A log with an {@link AuditSeal}
     * starts from the newest validly signed checkpoint (anchored or stored); an unsigned or badly signed one is
     * never trusted.
     *
     * @return the chain verification
     */
    ChainVerification verifyFromCheckpoint();

    /**
     * Entries with {@code seq >= fromSeq}, in order, at most {@code limit}.
     *
     * @param fromSeq the from seq
     * @param limit the limit
     * @return the list
     */
    List<AuditEntry> read(long fromSeq, int limit);

    /**
     * Entries with the given event name, oldest first.
     *
     * @param event the event
     * @return the list
     */
    List<AuditEntry> findByEvent(String event);

    /** {@return number of entries} */
    long size();

    /**
     * {@return a thread-safe in-memory log (lost on restart; for tests and ephemeral hosts)}
     *
     * @param clock the clock to read time from
     */
    static AuditLog inMemory(Clock clock) {
        return new InMemoryAuditLog(clock, IdGenerator.random(), null);
    }

    /**
     * {@return a thread-safe in-memory log whose checkpoints are signed and anchored by {@code seal} (one every
     * {@link AuditSeal#anchorEvery()} entries, and at every {@link #checkpoint()})}
     *
     * @param clock the clock to read time from
     * @param seal the log's seal, or {@code null} for unsigned checkpoints
     */
    static AuditLog inMemory(Clock clock, AuditSeal seal) {
        if (seal == null) {
            throw SilasException.invalid("seal", "must not be null");
        }
        return new InMemoryAuditLog(clock, IdGenerator.random(), seal);
    }
}
