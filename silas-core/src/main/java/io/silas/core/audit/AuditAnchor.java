package io.silas.core.audit;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where signed audit checkpoints are kept outside the database, so that someone who can rewrite the database
 * cannot also rewrite the newest checkpoint the log must still reach. {@link #file(Path)} is the embedded default:
 * an append-only file next to the key store. A host may supply its own (a WORM bucket, a remote log, a TPM counter).
 *
 * <p><b>Security guarantees.</b> An anchor only stores what it is given; every record is an {@link AuditSeal}-signed
 * checkpoint that {@code verify} checks before trusting it, so a forged record fails verification instead of
 * vouching for a log. Implementations must keep records durable once {@link #append} returned, must never drop the
 * newest one, and must be thread-safe.
 */
public interface AuditAnchor {
    /**
     * Stores a signed checkpoint durably.
     *
     * @param signed the signed
     */
    void append(AuditCheckpoint signed);

    /** {@return the anchored checkpoint with the highest sequence number, if any} */
    Optional<AuditCheckpoint> newest();

    /**
     * {@return an append-only file of one JSON line per checkpoint, created {@code 0600}} Keep it outside the database's
     * directory (next to the key store), where a database writer cannot reach it.
     *
     * @param file the file
     */
    static AuditAnchor file(Path file) {
        return new FileAuditAnchor(file);
    }

    /**
     * Anchors kept in memory (lost on restart; for tests and ephemeral hosts).
     *
     * @return the audit anchor
     */
    static AuditAnchor inMemory() {
        return new InMemoryAuditAnchor();
    }
}
