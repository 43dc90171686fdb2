package io.silas.sqlite;

import static io.silas.sqlite.OpenedStores.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoresTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T10:00:00Z"), ZoneOffset.UTC);
    private static final Instant T0 = CLOCK.instant();

    @TempDir
    Path dir;

    private OpenedStores stores;
    private Path file;

    @BeforeEach
    void setUp() {
        stores = new OpenedStores(dir);
        file = dir.resolve("data").resolve("nested").resolve("silas.db");
    }

    @AfterEach
    void tearDown() {
        stores.close();
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code, String... messageParts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SilasException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            for (String part : messageParts) {
                assertThat(e.getMessage()).contains(part);
            }
        });
    }

    private static List<String> query(Path db, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void open_newFile_createsDirectoriesAndAppliesEveryMigrationWithChecksums() {
        SqliteStores opened = stores.open(file, CLOCK);

        assertThat(Files.exists(file)).isTrue();
        assertThat(opened.file()).isEqualTo(file.toAbsolutePath());
        assertThat(opened.schemaVersion()).isEqualTo(Migrations.FILES.size());
        List<String> expected = Migrations.all().stream()
                .map(m -> m.version() + "|" + m.name() + "|" + m.checksum() + "|2026-02-01T10:00:00.000000000Z")
                .toList();
        assertThat(query(file, "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version"))
                .containsExactlyElementsOf(expected);
        assertThat(Migrations.all()).extracting(Migrations.Migration::checksum).allMatch(c -> c.matches("[0-9a-f]{64}"));
    }

    @Test
    void open_usesWalJournal() {
        stores.open(file, CLOCK);

        assertThat(query(file, "PRAGMA journal_mode")).containsExactly("wal");
    }

    @Test
    void connectionPragmas_walFullSyncForeignKeysBusyTimeout() {
        assertThat(SqliteStores.connectionPragmas()).containsExactly("PRAGMA journal_mode=WAL",
                "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=2000");
    }

    @Test
    void durability_normal_onlyChangesTheSyncPragma() {
        assertThat(Database.pragmas(Database.Settings.DEFAULT.withDurability(SqliteStores.Durability.NORMAL)))
                .containsExactly("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                        "PRAGMA busy_timeout=2000");
    }

    @Test
    void open_normalDurability_keepsWalAndReturnedWritesAcrossReopen() {
        SqliteStores opened = stores.open(file, CLOCK,
                Database.Settings.DEFAULT.withDurability(SqliteStores.Durability.NORMAL));
        assertThat(opened.nonceStore().recordIfAbsent("exec", "token-1", T0)).isTrue();
        opened.close();

        SqliteStores reopened = stores.open(file, CLOCK);
        assertThat(query(file, "PRAGMA journal_mode")).containsExactly("wal");
        assertThat(reopened.nonceStore().recordIfAbsent("exec", "token-1", T0)).isFalse();
    }

    @Test
    void open_nullDurability_invalidInput() {
        assertCode(() -> SqliteStores.open(file, CLOCK, (SqliteStores.Durability) null), ErrorCode.INVALID_INPUT,
                "durability");
    }

    @Test
    void open_twice_appliesNothingNewAndKeepsData() {
        try (SqliteStores first = SqliteStores.open(file, CLOCK)) {
            first.auditLog().append("a");
        }
        Clock later = Clock.offset(CLOCK, Duration.ofDays(1));

        SqliteStores second = stores.open(file, later);

        assertThat(second.auditLog().size()).isEqualTo(1);
        assertThat(query(file, "SELECT DISTINCT applied_at FROM schema_migrations"))
                .containsExactly("2026-02-01T10:00:00.000000000Z");
    }

    @Test
    void open_appliedMigrationChecksumChanged_refusesNamingTheVersion() {
        SqliteStores.open(file, CLOCK).close();
        sql(file, "UPDATE schema_migrations SET checksum = '" + "0".repeat(64) + "' WHERE version = 2");

        assertCode(() -> stores.open(file, CLOCK), ErrorCode.DB_MIGRATION_MISMATCH, "V2", "nonces");
    }

    @Test
    void open_databaseFromNewerSdk_refusesClearly() {
        SqliteStores.open(file, CLOCK).close();
        sql(file, "INSERT INTO schema_migrations VALUES (99, 'future_store', '" + "a".repeat(64) + "', 'x')");

        assertCode(() -> stores.open(file, CLOCK), ErrorCode.DB_MIGRATION_MISMATCH, "99", "newer");
    }

    @Test
    void open_gapInAppliedMigrations_refuses() {
        SqliteStores.open(file, CLOCK).close();
        sql(file, "DELETE FROM schema_migrations WHERE version = 1");

        assertCode(() -> stores.open(file, CLOCK), ErrorCode.DB_MIGRATION_MISMATCH, "V1");
    }

    @Test
    void open_garbageFile_failsClosedAsCorrupt() throws IOException {
        Files.createDirectories(file.getParent());
        byte[] garbage = new byte[8192];
        new Random(7).nextBytes(garbage);
        Files.write(file, garbage);

        assertCode(() -> stores.open(file, CLOCK), ErrorCode.DB_CORRUPT);
    }

    @Test
    void open_existingDatabaseOverwrittenWithGarbage_failsClosedAsCorrupt() throws IOException {
        try (SqliteStores first = SqliteStores.open(file, CLOCK)) {
            first.auditLog().append("a");
        }
        byte[] garbage = new byte[(int) Files.size(file)];
        new Random(11).nextBytes(garbage);
        Files.write(file, garbage);

        assertCode(() -> stores.open(file, CLOCK), ErrorCode.DB_CORRUPT);
    }

    @Test
    void corruptTablePage_failsClosedForEveryLaterCall() throws IOException {
        try (SqliteStores first = SqliteStores.open(file, CLOCK)) {
            for (int i = 0; i < 300; i++) {
                first.auditLog().append("padding", Map.of("text", "x".repeat(200), "i", i));
            }
            first.nonceStore().recordIfAbsent("msg", "n", T0);
        }
        int pageSize = Integer.parseInt(query(file, "PRAGMA page_size").get(0));
        int rootPage = Integer.parseInt(query(file, "SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'").get(0));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] garbage = new byte[pageSize];
            new Random(3).nextBytes(garbage);
            raf.seek((long) (rootPage - 1) * pageSize);
            raf.write(garbage);
        }

        SqliteStores opened = stores.open(file, CLOCK);

        assertCode(() -> opened.auditLog().verifyChain(), ErrorCode.DB_CORRUPT);
        assertCode(() -> opened.nonceStore().isUsed("msg", "n"), ErrorCode.DB_CORRUPT);
        assertCode(() -> opened.auditLog().append("after"), ErrorCode.DB_CORRUPT);
    }

    @Test
    void write_lockHeldByAnotherConnection_retriedThenDbBusy_andNothingWritten() throws SQLException {
        Database.Settings quick = new Database.Settings(Duration.ofMillis(20), 3, Duration.ofMillis(5),
                Duration.ofMillis(20), 1);
        SqliteStores opened = stores.open(file, CLOCK, quick);
        try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = blocker.createStatement()) {
            s.execute("BEGIN IMMEDIATE");

            assertCode(() -> opened.nonceStore().recordIfAbsent("msg", "n", T0), ErrorCode.DB_BUSY, "3 attempts");
            assertThat(opened.nonceStore().isUsed("msg", "n")).isFalse();

            s.execute("ROLLBACK");
        }
        assertThat(opened.nonceStore().recordIfAbsent("msg", "n", T0)).isTrue();
    }

    @Test
    void write_lockReleasedDuringRetries_succeeds() throws Exception {
        Database.Settings patient = new Database.Settings(Duration.ofMillis(20), 20, Duration.ofMillis(20),
                Duration.ofMillis(200), 1);
        SqliteStores opened = stores.open(file, CLOCK, patient);
        CountDownLatch locked = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = blocker.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                locked.countDown();
                Thread.sleep(150);
                s.execute("ROLLBACK");
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        locked.await();

        assertThat(opened.auditLog().append("while_locked").seq()).isEqualTo(1);
        holder.join();
    }

    @Test
    void write_otherSqlError_isDbFailure() {
        SqliteStores opened = stores.open(file, CLOCK);
        sql(file, "DROP TABLE nonces");

        assertCode(() -> opened.nonceStore().recordIfAbsent("msg", "n", T0), ErrorCode.DB_FAILURE, "no such table");
    }

    @Test
    void calls_afterClose_areDbFailure() {
        SqliteStores opened = stores.open(file, CLOCK);
        opened.close();
        opened.close();

        assertCode(() -> opened.auditLog().size(), ErrorCode.DB_FAILURE, "closed");
        assertCode(() -> opened.auditLog().append("x"), ErrorCode.DB_FAILURE, "closed");
    }

    @Test
    void open_nullArguments_invalidInput() {
        assertCode(() -> SqliteStores.open(null, CLOCK), ErrorCode.INVALID_INPUT, "db_file");
        assertCode(() -> SqliteStores.open(file, null), ErrorCode.INVALID_INPUT, "clock");
    }

    @Test
    void timestamps_outsideFourDigitYears_rejected() {
        SqliteStores opened = stores.open(file, CLOCK);

        assertCode(() -> opened.nonceStore().recordIfAbsent("msg", "n", Instant.MAX), ErrorCode.INVALID_INPUT,
                "recorded_at");
        assertCode(() -> opened.nonceStore().prune(Instant.MIN), ErrorCode.INVALID_INPUT, "older_than");
    }

    @Test
    void open_databaseAndWalFiles_ownerOnly() throws IOException {
        Path file = dir.resolve("modes/silas.db");
        SqliteStores opened = stores.open(file, Clock.systemUTC());
        opened.auditLog().append("written");

        for (String suffix : List.of("", "-wal", "-shm", ".lock")) {
            Path f = file.resolveSibling("silas.db" + suffix);
            assertThat(f).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void open_existingWorldReadableDatabase_tightenedTo0600() throws IOException {
        Path file = dir.resolve("silas.db");
        stores.open(file, Clock.systemUTC()).close();
        Path lockFile = file.resolveSibling("silas.db.lock");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(lockFile, PosixFilePermissions.fromString("rw-r--r--"));

        stores.open(file, Clock.systemUTC());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lockFile))).isEqualTo("rw-------");
    }
}
