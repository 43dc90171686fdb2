package io.silas.bench;

import io.silas.core.trust.NonceStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Profiling aid, not a product store: the SQLite nonce table behind one connection with the bundle's pragmas
 * except {@code synchronous=NORMAL} (WAL commits without an fsync), to measure what the per-commit WAL sync of
 * the real store ({@code synchronous=FULL}) costs an approval. Same single-statement
 * {@code INSERT ... ON CONFLICT DO NOTHING} as the real store; serialised on the connection.
 */
final class NormalSyncNonceStore implements NonceStore, AutoCloseable {
    private final Connection connection;
    private final PreparedStatement insert;
    private final PreparedStatement select;

    NormalSyncNonceStore(Path file) throws SQLException {
        connection = BenchFiles.rawConnection(file);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("CREATE TABLE nonces (nonce_key TEXT PRIMARY KEY, domain TEXT NOT NULL, recorded_at TEXT NOT NULL)");
        }
        insert = connection.prepareStatement("INSERT INTO nonces(nonce_key, domain, recorded_at) VALUES (?, ?, ?) "
                + "ON CONFLICT(nonce_key) DO NOTHING");
        select = connection.prepareStatement("SELECT 1 FROM nonces WHERE nonce_key = ?");
    }

    @Override
    public synchronized boolean recordIfAbsent(String domain, String binding, Instant recordedAt) {
        try {
            insert.setString(1, NonceStore.key(domain, binding));
            insert.setString(2, domain);
            insert.setString(3, recordedAt.toString());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized boolean isUsed(String domain, String binding) {
        try {
            select.setString(1, NonceStore.key(domain, binding));
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int prune(Instant olderThan) {
        throw new UnsupportedOperationException("not needed for the benchmark");
    }

    @Override
    public synchronized void close() throws SQLException {
        insert.close();
        select.close();
        connection.close();
    }
}
