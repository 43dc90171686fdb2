package io.silas.sqlite;

import io.silas.core.json.Hashes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.Function;

/**
 * Application functions registered on the writer connection, for migrations that must compute in SQL what the
 * stores compute in Java: {@code silas_sha256(text)} is the SHA-256 of the text's UTF-8 bytes, as a blob (the
 * key of the {@code nonces} table, see {@link io.silas.core.trust.sql.NonceRows#keyHash}).
 */
final class SqlFunctions {
    private SqlFunctions() {
    }

    static void register(Connection writer) throws SQLException {
        Function.create(writer, "silas_sha256", new Sha256(), 1, Function.FLAG_DETERMINISTIC);
    }

    private static final class Sha256 extends Function {
        @Override
        protected void xFunc() throws SQLException {
            String text = value_text(0);
            if (text == null) {
                result();
            } else {
                result(Hashes.sha256(text.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }
}
