package io.silas.core.audit.sql;

import io.silas.core.audit.AuditCheckpoint;
import io.silas.core.audit.ChainVerification;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One read snapshot of a stored audit chain, as {@link StoredChainVerifier} needs it; implemented per database. */
public interface StoredChain {
    /**
     * Verifies the entries after {@code seq}, whose hash is {@code hash}, usually with {@link AuditRows#verify}.
     *
     * @param seq the seq
     * @param hash the hash
     * @return the chain verification
     * @throws SQLException if the database fails
     */
    ChainVerification verifyAfter(long seq, String hash) throws SQLException;

    /**
     * {@return the stored hash of the entry at {@code seq}, or {@code null} when there is none}
     *
     * @param seq the seq
     * @throws SQLException if the database fails
     */
    @Nullable String hashAt(long seq) throws SQLException;

    /**
     * {@return the most recently written checkpoint row}
     *
     * @throws SQLException if the database fails
     */
    Optional<AuditCheckpoint> latestCheckpoint() throws SQLException;

    /**
     * {@return every checkpoint row in the order written}
     *
     * @throws SQLException if the database fails
     */
    List<AuditCheckpoint> allCheckpoints() throws SQLException;
}
