package io.silas.core.audit;

import io.silas.core.error.SilasException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every {@link AuditLog} does around its checkpoints with an optional {@link AuditSeal}, written once for the
 * in-memory and database logs: make the head's checkpoint (signed with a seal, plain without), anchor it outside the
 * log once it is stored, and take a due automatic checkpoint after an append without failing that append.
 *
 * <p><b>Security guarantees.</b> With a seal, every checkpoint a log makes is signed over its {@code seq},
 * {@code hash} and {@code at} and anchored only after it is stored, so an anchor never names a checkpoint the log
 * lacks. A failed automatic checkpoint is logged (its error code only) and the next due one retries; the entry it
 * followed stays stored exactly once.
 */
public final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private Checkpoints() {
    }

    /**
     * The checkpoint of the head at {@code seq} / {@code hash}: signed by {@code seal}, or plain without one.
     *
     * @param seal the log's seal, or null
     * @param seq the head's sequence number (0 for an empty log)
     * @param hash the head's hash
     * @param at when the checkpoint is made
     * @return the checkpoint to store
     */
    public static AuditCheckpoint of(@Nullable AuditSeal seal, long seq, String hash, Instant at) {
        return seal == null ? new AuditCheckpoint(seq, hash, at) : seal.sign(seq, hash, at);
    }

    /**
     * Anchors a stored checkpoint outside the log; nothing without a seal.
     *
     * @param seal the log's seal, or null
     * @param stored the checkpoint the log has stored
     */
    public static void anchor(@Nullable AuditSeal seal, AuditCheckpoint stored) {
        if (seal != null) {
            seal.anchor(stored);
        }
    }

    /**
     * After the append of {@code seq}: runs {@code log.checkpoint()} when the seal says one is due. The entry is
     * already stored, so a failure must not fail the append (a retry would log the event twice): it is logged and
     * the next due checkpoint tries again.
     *
     * @param log the log that appended
     * @param seal the log's seal, or null (then no automatic checkpoints)
     * @param seq the sequence number of the appended entry
     */
    public static void afterAppend(AuditLog log, @Nullable AuditSeal seal, long seq) {
        if (seal == null || !seal.due(seq)) {
            return;
        }
        try {
            log.checkpoint();
        } catch (SilasException e) {
            LOG.warn("automatic audit checkpoint after seq {} failed ({}); the next one retries", seq, e.code().id());
        }
    }
}
