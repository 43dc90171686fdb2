package io.silas.core.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The head of the chain at a point in time; later verification starts after it. {@code signature} is the base64
 * Ed25519 signature of an {@link AuditSeal} over {@code seq}, {@code hash} and {@code at} ({@code null} for a log
 * without a seal and for checkpoints written before checkpoints were signed).
 */
public record AuditCheckpoint(long seq, String hash, Instant at, @Nullable String signature) {
    /**
     * An unsigned checkpoint.
     *
     * @param seq the seq
     * @param hash the hash
     * @param at when it happened (executor clock)
     */
    public AuditCheckpoint(long seq, String hash, Instant at) {
        this(seq, hash, at, null);
    }

    /**
     * {@return whether the checkpoint carries a signature (not whether it is valid: see {@link AuditSeal#signatureValid})}
     */
    public boolean signed() {
        return signature != null;
    }
}
