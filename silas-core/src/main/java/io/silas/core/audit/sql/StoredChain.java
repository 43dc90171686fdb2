package io.silas.core.audit.sql;

import io.silas.core.audit.AuditCheckpoint;
import io.silas.core.audit.ChainVerification;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One read snapshot of a stored audit chain, as {@link StoredChainVerifier} needs it; implemented per database. */
public interface StoredChain {
    /** Verifies the entries after {@code seq}, whose hash is {@code hash}, usually with {@link AuditRows#verify}. */
    ChainVerification verifyAfter(long seq, String hash) throws SQLException;

    /** The stored hash of the entry at {@code seq}, or {@code null} when there is none. */
    @Nullable String hashAt(long seq) throws SQLException;

    /** The most recently written checkpoint row. */
    Optional<AuditCheckpoint> latestCheckpoint() throws SQLException;

    /** Every checkpoint row in the order written. */
    List<AuditCheckpoint> allCheckpoints() throws SQLException;
}
