package io.silas.postgres;

import io.silas.core.trust.NonceStore;
import io.silas.core.trust.sql.NonceRows;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;

/**
 * {@link NonceStore} in the {@code nonces} table, keyed by the SHA-256 of {@code "{domain}:{binding}"}. Recording is
 * one {@code INSERT ... ON CONFLICT DO NOTHING}: the primary key makes exactly one caller win, whichever JVM it runs
 * in, so a nonce or an approval execution consumed on one JVM is refused on every other.
 */
final class PgNonceStore implements NonceStore {
    private static final String INSERT = "INSERT INTO nonces(nonce_hash, domain, recorded_at) VALUES (?, ?, ?) "
            + "ON CONFLICT (nonce_hash) DO NOTHING";

    private final PgDatabase db;

    PgNonceStore(PgDatabase db) {
        this.db = db;
    }

    @Override
    public boolean recordIfAbsent(String domain, String binding, Instant recordedAt) {
        NonceStore.key(domain, binding);
        return recordInOrder(domain, List.of(binding), recordedAt) == 1;
    }

    @Override
    public int recordInOrder(String domain, List<String> bindings, Instant recordedAt) {
        List<byte[]> keys = NonceRows.keyHashes(domain, bindings);
        long at = EpochNanos.of("recorded_at", recordedAt);
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                return NonceRows.insertInOrder(ps, domain, keys, at);
            }
        });
    }

    @Override
    public boolean isUsed(String domain, String binding) {
        byte[] key = NonceRows.keyHash(domain, binding);
        return db.autoCommit(c -> Sql.longValue(c, "SELECT count(*) FROM nonces WHERE nonce_hash = ?", key) > 0);
    }

    @Override
    public int prune(Instant olderThan) {
        long cutoff = EpochNanos.of("older_than", olderThan);
        return db.write(c -> Sql.update(c, "DELETE FROM nonces WHERE recorded_at < ?", cutoff));
    }
}
