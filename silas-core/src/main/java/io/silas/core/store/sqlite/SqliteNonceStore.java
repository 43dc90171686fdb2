package io.silas.core.store.sqlite;

import io.silas.core.trust.NonceStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

/**
 * {@link NonceStore} in the {@code nonces} table. {@link #recordIfAbsent} is one
 * {@code INSERT ... ON CONFLICT DO NOTHING}: the primary key decides the single winner, and the
 * update count says whether this call inserted.
 */
final class SqliteNonceStore implements NonceStore {
    private static final String INSERT = "INSERT INTO nonces(nonce_key, domain, recorded_at) VALUES (?, ?, ?) "
            + "ON CONFLICT(nonce_key) DO NOTHING";

    private final Database db;

    SqliteNonceStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean recordIfAbsent(String domain, String binding, Instant recordedAt) {
        String key = NonceStore.key(domain, binding);
        String at = Timestamps.format("recorded_at", recordedAt);
        return db.write(s -> {
            PreparedStatement ps = s.prepare(INSERT);
            ps.setString(1, key);
            ps.setString(2, domain);
            ps.setString(3, at);
            return ps.executeUpdate() == 1;
        });
    }

    @Override
    public int recordInOrder(String domain, List<String> bindings, Instant recordedAt) {
        List<String> keys = bindings.stream().map(b -> NonceStore.key(domain, b)).toList();
        String at = Timestamps.format("recorded_at", recordedAt);
        return db.write(s -> {
            PreparedStatement ps = s.prepare(INSERT);
            int recorded = 0;
            for (String key : keys) {
                ps.setString(1, key);
                ps.setString(2, domain);
                ps.setString(3, at);
                if (ps.executeUpdate() != 1) {
                    break;
                }
                recorded++;
            }
            return recorded;
        });
    }

    @Override
    public boolean isUsed(String domain, String binding) {
        String key = NonceStore.key(domain, binding);
        return db.read(s -> {
            PreparedStatement ps = s.prepare("SELECT 1 FROM nonces WHERE nonce_key = ?");
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    @Override
    public int prune(Instant olderThan) {
        String cutoff = Timestamps.format("older_than", olderThan);
        return db.write(s -> {
            PreparedStatement ps = s.prepare("DELETE FROM nonces WHERE recorded_at < ?");
            ps.setString(1, cutoff);
            return ps.executeUpdate();
        });
    }
}
