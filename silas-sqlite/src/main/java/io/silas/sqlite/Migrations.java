package io.silas.sqlite;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbered schema migrations of {@code silas.db}, applied in order, each in its own transaction, and
 * recorded in {@code schema_migrations} with the SHA-256 of the script. On every open the recorded
 * checksums are compared with the scripts on the classpath: a changed script, a missing step, or a
 * database written by a newer SDK refuses to open with {@link ErrorCode#DB_MIGRATION_MISMATCH}.
 *
 * <p>Adding a store: add {@code V<n+1>__<name>.sql} under {@code io/silas/sqlite/migrations/}
 * and append its file name to {@link #FILES}. Never edit an applied script; write a new one.
 */
final class Migrations {
    /** Every migration script, in version order. Versions must run 1, 2, 3, ... without gaps. */
    static final List<String> FILES = List.of(
            "V1__audit_log.sql",
            "V2__nonces.sql",
            "V3__persona.sql",
            "V4__work_items.sql",
            "V5__chronicle.sql",
            "V6__memories.sql",
            "V7__review_queue.sql",
            "V8__connections.sql",
            "V9__inbox.sql",
            "V10__connection_credential_refs.sql",
            "V11__batch_decisions.sql",
            "V12__memories_fts_by_lane.sql",
            "V13__memories_active_lane_indexes.sql",
            "V14__nonces_hashed_keys.sql",
            "V15__audit_checkpoint_signatures.sql",
            "V16__memories_fts_by_scope.sql");

    private static final String RESOURCE_DIR = "/io/silas/sqlite/migrations/";
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([a-z0-9_]+)\\.sql");
    private static final List<Migration> ALL = load();

    /** One script: its version, name, text and checksum. */
    record Migration(int version, String name, String sql, String checksum) {
    }

    /** A row of {@code schema_migrations}. */
    private record Applied(int version, String name, String checksum) {
    }

    private Migrations() {
    }

    static List<Migration> all() {
        return ALL;
    }

    static int latestVersion() {
        return ALL.size();
    }

    /** Applies every pending migration; returns the schema version afterwards. */
    static int migrate(Database db, Clock clock) {
        db.write(s -> {
            s.executeScript("CREATE TABLE IF NOT EXISTS schema_migrations ("
                    + "version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)");
            return null;
        });
        while (true) {
            boolean appliedOne = db.write(s -> {
                TreeMap<Integer, Applied> applied = readApplied(s.connection());
                check(applied);
                for (Migration m : ALL) {
                    if (!applied.containsKey(m.version())) {
                        s.executeScript(m.sql());
                        try (PreparedStatement ps = s.connection().prepareStatement(
                                "INSERT INTO schema_migrations(version, name, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                            ps.setInt(1, m.version());
                            ps.setString(2, m.name());
                            ps.setString(3, m.checksum());
                            ps.setString(4, Timestamps.format("applied_at", clock.instant()));
                            ps.executeUpdate();
                        }
                        return true;
                    }
                }
                return false;
            });
            if (!appliedOne) {
                return latestVersion();
            }
        }
    }

    /**
     * Checks, without writing, that every migration of this SDK is applied unchanged (a read-only bundle).
     *
     * @return the schema version
     * @throws SilasException {@code DB_MIGRATION_MISMATCH} when one is missing or differs
     */
    static int requireCurrent(Database db) {
        TreeMap<Integer, Applied> applied = db.read(s -> {
            try (ResultSet rs = s.connection().getMetaData().getTables(null, null, "schema_migrations", null)) {
                if (!rs.next()) {
                    return new TreeMap<Integer, Applied>();
                }
            }
            return readApplied(s.connection());
        });
        check(applied);
        if (applied.size() != latestVersion()) {
            throw new SilasException(ErrorCode.DB_MIGRATION_MISMATCH, "database schema version " + applied.size()
                    + " is older than this SDK's (" + latestVersion() + "); open it once read-write to migrate");
        }
        return latestVersion();
    }

    private static TreeMap<Integer, Applied> readApplied(Connection c) throws SQLException {
        TreeMap<Integer, Applied> applied = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT version, name, checksum FROM schema_migrations");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                applied.put(rs.getInt(1), new Applied(rs.getInt(1), rs.getString(2), rs.getString(3)));
            }
        }
        return applied;
    }

    private static void check(TreeMap<Integer, Applied> applied) {
        for (Applied a : applied.values()) {
            if (a.version() < 1 || a.version() > latestVersion()) {
                throw new SilasException(ErrorCode.DB_MIGRATION_MISMATCH, "database schema version " + a.version()
                        + " is not known to this SDK (latest known: " + latestVersion()
                        + "); the database was written by a newer Silas version: upgrade, or restore a matching backup");
            }
            Migration known = ALL.get(a.version() - 1);
            if (!known.checksum().equals(a.checksum()) || !known.name().equals(a.name())) {
                throw new SilasException(ErrorCode.DB_MIGRATION_MISMATCH, "migration V" + a.version() + " ("
                        + known.name() + ") differs from the one applied to this database (recorded "
                        + a.name() + " with checksum " + a.checksum() + ", expected " + known.checksum() + ")");
            }
        }
        int highest = applied.isEmpty() ? 0 : applied.lastKey();
        for (int v = 1; v < highest; v++) {
            if (!applied.containsKey(v)) {
                throw new SilasException(ErrorCode.DB_MIGRATION_MISMATCH, "migration V" + v
                        + " was never applied although V" + highest + " was");
            }
        }
    }

    private static List<Migration> load() {
        List<Migration> migrations = new ArrayList<>();
        for (int i = 0; i < FILES.size(); i++) {
            String file = FILES.get(i);
            Matcher m = FILE_NAME.matcher(file);
            if (!m.matches() || Integer.parseInt(m.group(1)) != i + 1) {
                throw new IllegalStateException("migration " + file + " must be named V" + (i + 1) + "__<name>.sql");
            }
            String sql = resource(file).replace("\r\n", "\n");
            migrations.add(new Migration(i + 1, m.group(2), sql, Hashes.sha256Hex(sql)));
        }
        return List.copyOf(migrations);
    }

    private static String resource(String file) {
        try (InputStream in = Migrations.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("migration resource missing: " + RESOURCE_DIR + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + file, e);
        }
    }
}
