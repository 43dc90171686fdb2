package io.silas.sqlite;

import io.silas.core.trust.NonceStore;
import io.silas.core.trust.sql.NonceRows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

/**
 * {@link NonceStore} in the {@code nonces} table. {@link #recordIfAbsent} is one
 * {@code INSERT ... ON CONFLICT DO NOTHING}: the primary key decides the single winner, and the
 * update count says whether this call inserted. Rows are keyed by the SHA-256 of {@link NonceStore#key} and
 * carry the epoch nanoseconds they were recorded at: 32-byte keys keep the table and its pages small, so a
 * consuming approval writes few pages per commit; a used nonce is found again by hashing the same key.
 * Instants must lie within the years 1678-2261, the range of epoch nanoseconds in a {@code long}.
 */
final class SqliteNonceStore implements NonceStore {
    private static final String INSERT = "INSERT INTO nonces(nonce_hash, domain, recorded_at) VALUES (?, ?, ?) "
            + "ON CONFLICT(nonce_hash) DO NOTHING";

    private final Database db;

    SqliteNonceStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean recordIfAbsent(String domain, String binding, Instant recordedAt) {
        byte[] key = NonceRows.keyHash(domain, binding);
        long at = Timestamps.epochNanos("recorded_at", recordedAt);
        return db.write(s -> {
            PreparedStatement ps = s.prepare(INSERT);
            ps.setBytes(1, key);
            ps.setString(2, domain);
            ps.setLong(3, at);
            return ps.executeUpdate() == 1;
        });
    }

    @Override
    public int recordInOrder(String domain, List<String> bindings, Instant recordedAt) {
        List<byte[]> keys = NonceRows.keyHashes(domain, bindings);
        long at = Timestamps.epochNanos("recorded_at", recordedAt);
        return db.write(s -> NonceRows.insertInOrder(s.prepare(INSERT), domain, keys, at));
    }

    @Override
    public boolean isUsed(String domain, String binding) {
        byte[] key = NonceRows.keyHash(domain, binding);
        return db.read(s -> {
            PreparedStatement ps = s.prepare("SELECT 1 FROM nonces WHERE nonce_hash = ?");
            ps.setBytes(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    @Override
    public int prune(Instant olderThan) {
        long cutoff = Timestamps.epochNanos("older_than", olderThan);
        return db.write(s -> {
            PreparedStatement ps = s.prepare("DELETE FROM nonces WHERE recorded_at < ?");
            ps.setLong(1, cutoff);
            return ps.executeUpdate();
        });
    }
}
