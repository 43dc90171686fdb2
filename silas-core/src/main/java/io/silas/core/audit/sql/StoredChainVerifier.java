package io.silas.core.audit.sql;

import io.silas.core.audit.AuditChain;
import io.silas.core.audit.AuditCheckpoint;
import io.silas.core.audit.AuditSeal;
import io.silas.core.audit.ChainVerification;
import io.silas.core.error.SilasException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Full and checkpoint-based verification of a stored audit chain, shared by every SQL {@code AuditLog}.
 *
 * <p><b>Security guarantees.</b> A verification fails when an entry is edited, missing, inserted or reordered; when
 * the checkpointed entry no longer matches (a truncated or rewritten log); with an {@link AuditSeal}, when a signed
 * anchor outside the database disagrees; and when the log ends before the last entry this process appended.
 */
public final class StoredChainVerifier {
    private final @Nullable AuditSeal seal;
    private final LongSupplier appendedUpTo;

    /**
     * @param seal the log's seal, or {@code null} for unsigned checkpoints
     * @param appendedUpTo the highest sequence number this process appended; the log must never verify shorter
     */
    public StoredChainVerifier(@Nullable AuditSeal seal, LongSupplier appendedUpTo) {
        this.seal = seal;
        this.appendedUpTo = appendedUpTo;
    }

    /**
     * Verifies the whole chain, then the checkpoints (or the seal's anchors) against it.
     *
     * @param chain the chain
     * @return the chain verification
     * @throws SQLException if the database fails
     */
    public ChainVerification verifyChain(StoredChain chain) throws SQLException {
        ChainVerification result = chain.verifyAfter(0, AuditChain.GENESIS);
        if (!result.valid()) {
            return result;
        }
        long head = result.entriesChecked();
        if (seal != null) {
            ChainVerification anchors = verifyAnchors(chain, seal, head, result.entriesChecked());
            if (!anchors.valid()) {
                return anchors;
            }
        } else {
            Optional<AuditCheckpoint> cp = chain.latestCheckpoint();
            if (cp.isPresent() && cp.get().seq() > 0 && !cp.get().hash().equals(chain.hashAt(cp.get().seq()))) {
                return broken(result.entriesChecked(), cp.get().seq(),
                        "the checkpointed entry is missing or changed (log truncated?)");
            }
        }
        return reachesAppended(result, head);
    }

    /**
     * Verifies from the newest trusted checkpoint on (the whole chain when there is none).
     *
     * @param chain the chain
     * @return the chain verification
     * @throws SQLException if the database fails
     */
    public ChainVerification verifyFromCheckpoint(StoredChain chain) throws SQLException {
        Optional<AuditCheckpoint> cp;
        try {
            cp = seal == null ? chain.latestCheckpoint() : seal.newestTrusted(chain.latestCheckpoint());
        } catch (SilasException e) {
            return broken(0, appendedUpTo.getAsLong() + 1, e.getMessage());
        }
        if (cp.isEmpty() || cp.get().seq() == 0) {
            ChainVerification all = chain.verifyAfter(0, AuditChain.GENESIS);
            return all.valid() ? reachesAppended(all, all.entriesChecked()) : all;
        }
        if (!cp.get().hash().equals(chain.hashAt(cp.get().seq()))) {
            return broken(0, cp.get().seq(), "checkpointed entry no longer matches (the log does not reach it)");
        }
        ChainVerification after = chain.verifyAfter(cp.get().seq(), cp.get().hash());
        return after.valid() ? reachesAppended(after, cp.get().seq() + after.entriesChecked()) : after;
    }

    /** Fails a verified chain that ends before the last entry this process appended. */
    private ChainVerification reachesAppended(ChainVerification verified, long head) {
        long appended = appendedUpTo.getAsLong();
        return head >= appended ? verified : broken(verified.entriesChecked(), head + 1,
                "entries up to seq " + appended + " were appended but the log ends at seq " + head + " (truncated)");
    }

    private static ChainVerification verifyAnchors(StoredChain chain, AuditSeal seal, long head, long checked)
            throws SQLException {
        List<AuditCheckpoint> stored = chain.allCheckpoints();
        SQLException[] failure = new SQLException[1];
        ChainVerification result = seal.verifyAnchors(head, checked, seq -> {
            try {
                return chain.hashAt(seq);
            } catch (SQLException e) {
                failure[0] = e;
                return null;
            }
        }, stored);
        if (failure[0] != null) {
            throw failure[0];
        }
        return result;
    }

    private static ChainVerification broken(long checked, long atSeq, @Nullable String reason) {
        return new ChainVerification(false, checked, atSeq, reason);
    }
}
