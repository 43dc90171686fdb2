package io.silas.core.trust.sql;

import io.silas.core.error.SilasException;
import io.silas.core.json.Hashes;
import io.silas.core.trust.NonceStore;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rows of a {@code nonces(nonce_hash, domain, recorded_at)} table whose primary key is {@code nonce_hash}.
 *
 * <p><b>Security guarantees.</b> The key is the SHA-256 of {@link NonceStore#key}, so one binding always maps to
 * one row; with an insert that does nothing on conflict, the primary key makes exactly one caller win, and
 * {@link #insertInOrder} stops at the first binding already used, so a batch never consumes past a replay.
 */
public final class NonceRows {
    private NonceRows() {
    }

    /**
     * {@return the stored key of a binding: SHA-256 of the UTF-8 {@link NonceStore#key}}
     *
     * @param domain domain tag, e.g. {@code personal}, {@code business:acme}
     * @param binding the binding
     */
    public static byte[] keyHash(String domain, String binding) {
        return Hashes.sha256(NonceStore.key(domain, binding).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@return the stored keys of {@code bindings}, in order; checks every binding before anything is written}
     *
     * @param domain domain tag, e.g. {@code personal}, {@code business:acme}
     * @param bindings the bindings
     */
    public static List<byte[]> keyHashes(String domain, @Nullable List<String> bindings) {
        if (bindings == null) {
            throw SilasException.invalid("bindings", "must not be null");
        }
        return bindings.stream().map(b -> keyHash(domain, b)).toList();
    }

    /**
     * Runs {@code insert} (parameters: key, domain, recorded_at; doing nothing on conflict) for each key in order
     * and stops at the first one that inserts no row.
     *
     * @param insert the insert
     * @param domain domain tag, e.g. {@code personal}, {@code business:acme}
     * @param keys the keys
     * @param recordedAt the recorded at
     * @return how many keys were recorded, a prefix of {@code keys}
     * @throws SQLException if the database fails
     */
    public static int insertInOrder(PreparedStatement insert, String domain, List<byte[]> keys, long recordedAt)
            throws SQLException {
        int recorded = 0;
        for (byte[] key : keys) {
            insert.setBytes(1, key);
            insert.setString(2, domain);
            insert.setLong(3, recordedAt);
            if (insert.executeUpdate() != 1) {
                break;
            }
            recorded++;
        }
        return recorded;
    }
}
