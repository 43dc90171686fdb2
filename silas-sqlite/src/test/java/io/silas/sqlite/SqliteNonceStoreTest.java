package io.silas.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Hashes;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.NonceStoreContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNonceStoreTest extends NonceStoreContract {
    @TempDir
    Path dir;

    private OpenedStores stores;

    @Override
    protected NonceStore newStore() {
        stores = new OpenedStores(dir);
        return stores.fresh(Clock.systemUTC()).nonceStore();
    }

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void commitsToDisk_soTheApprovalEngineRecordsWhileItChecksSignatures() {
        assertThat(newStore().waitsOnStorage()).isTrue();
    }

    @Test
    void recordedNonce_survivesReopen() {
        Path file = dir.resolve("reopen.db");
        Instant at = Instant.parse("2026-02-01T10:00:00Z");
        try (SqliteStores first = SqliteStores.open(file, Clock.systemUTC())) {
            assertThat(first.nonceStore().recordIfAbsent("exec", "tok:hash:n1", at)).isTrue();
        }

        try (SqliteStores second = SqliteStores.open(file, Clock.systemUTC())) {
            assertThat(second.nonceStore().isUsed("exec", "tok:hash:n1")).isTrue();
            assertThat(second.nonceStore().recordIfAbsent("exec", "tok:hash:n1", at)).isFalse();
        }
    }

    @Test
    void rows_holdOnlyTheKeyHashNeverTheBindingText() throws Exception {
        Path file = dir.resolve("hashed.db");
        Instant at = Instant.parse("2026-02-01T10:00:00.000000123Z");
        stores.open(file, Clock.systemUTC()).nonceStore().recordIfAbsent("exec", "tok-secretish:hash:n1", at);

        assertThat(rows(file, "SELECT hex(nonce_hash), domain, recorded_at FROM nonces")).containsExactly(
                HexFormat.of().withUpperCase().formatHex(Hashes.sha256(
                        "exec:tok-secretish:hash:n1".getBytes(StandardCharsets.UTF_8)))
                        + "|exec|" + (at.getEpochSecond() * 1_000_000_000L + 123));
        for (Path written : List.of(file, file.resolveSibling("hashed.db-wal"))) {
            assertThat(new String(Files.readAllBytes(written), StandardCharsets.ISO_8859_1)).doesNotContain("secretish");
        }
    }

    @Test
    void recordIfAbsent_instantBeyondEpochNanos_invalidInputNothingWritten() {
        NonceStore store = newStore();

        assertThatThrownBy(() -> store.recordIfAbsent("exec", "n1", Instant.parse("2300-01-01T00:00:00Z")))
                .isInstanceOfSatisfying(SilasException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("recorded_at", "1678-2261");
                });
        assertThatThrownBy(() -> store.prune(Instant.parse("1600-01-01T00:00:00Z")))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.getMessage()).contains("older_than"));
        assertThat(store.isUsed("exec", "n1")).isFalse();
    }

    @Test
    void migrationV14_keepsNoncesRecordedBeforeTheUpgrade() throws Exception {
        Path file = dir.resolve("upgraded.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                    + "checksum TEXT NOT NULL, applied_at TEXT NOT NULL)");
            for (Migrations.Migration m : Migrations.all().subList(0, 13)) {
                s.executeUpdate(m.sql());
                s.executeUpdate("INSERT INTO schema_migrations(version, name, checksum, applied_at) VALUES ("
                        + m.version() + ", '" + m.name() + "', '" + m.checksum() + "', '2026-01-01T00:00:00.000000000Z')");
            }
            s.executeUpdate("INSERT INTO nonces VALUES "
                    + "('exec:tok:hash:old', 'exec', '2026-02-01T10:00:00.123456789Z'), "
                    + "('msg:m-1', 'msg', '2026-02-01T09:00:00.000000000Z'), "
                    + "('msg:ancient', 'msg', '1000-01-01T00:00:00.000000000Z'), "
                    + "('msg:far-future', 'msg', '9000-01-01T00:00:00.000000000Z')");
        }

        try (SqliteStores upgraded = SqliteStores.open(file, Clock.systemUTC())) {
            NonceStore nonces = upgraded.nonceStore();
            assertThat(upgraded.schemaVersion()).isEqualTo(Migrations.latestVersion());
            assertThat(nonces.isUsed("exec", "tok:hash:old")).isTrue();
            assertThat(nonces.recordIfAbsent("exec", "tok:hash:old", Instant.parse("2026-02-02T00:00:00Z"))).isFalse();
            assertThat(nonces.recordIfAbsent("msg", "m-1", Instant.parse("2026-02-02T00:00:00Z"))).isFalse();
            assertThat(nonces.isUsed("msg", "tok:hash:old")).isFalse();

            assertThat(nonces.prune(Instant.parse("2026-02-01T10:00:00.123456789Z"))).isEqualTo(2);
            assertThat(nonces.isUsed("msg", "ancient")).isFalse();
            assertThat(nonces.isUsed("msg", "m-1")).isFalse();
            assertThat(nonces.isUsed("exec", "tok:hash:old")).isTrue();
            assertThat(nonces.prune(Instant.parse("2026-02-01T10:00:00.123456790Z"))).isEqualTo(1);
            assertThat(nonces.isUsed("msg", "far-future")).isTrue();
        }
    }

    private static List<String> rows(Path file, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getLong(3));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void recordIfAbsent_secondBundleOnOneFile_refusedSoOneWriterDecides() throws Exception {
        Path file = dir.resolve("shared.db");
        NonceStore a = stores.open(file, Clock.systemUTC()).nonceStore();
        Instant at = Instant.parse("2026-02-01T10:00:00Z");

        assertThatThrownBy(() -> stores.open(file, Clock.systemUTC()))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_LOCKED));
        var results = runConcurrently(8, t -> a.recordIfAbsent("msg", "contested", at));

        assertThat(results).filteredOn(Boolean::booleanValue).hasSize(1);
    }
}
