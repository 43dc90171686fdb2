package io.silas.sqlite;

import io.silas.core.audit.AuditSeal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Opens bundles on fresh files under a temp dir and closes them all afterwards; raw SQL for tampering. */
final class OpenedStores implements AutoCloseable {
    private final Path dir;
    private final List<SqliteStores> opened = new ArrayList<>();
    /** Shared by every instance: a contract test may make several in one temp dir, each file must be new. */
    private static final AtomicInteger COUNTER = new AtomicInteger();

    OpenedStores(Path dir) {
        this.dir = dir;
    }

    SqliteStores fresh(Clock clock) {
        return open(dir.resolve("silas-" + COUNTER.incrementAndGet() + ".db"), clock);
    }

    SqliteStores fresh(Clock clock, AuditSeal seal) {
        SqliteStores stores = SqliteStores.open(dir.resolve("silas-" + COUNTER.incrementAndGet() + ".db"), clock, seal);
        opened.add(stores);
        return stores;
    }

    SqliteStores open(Path file, Clock clock) {
        SqliteStores stores = SqliteStores.open(file, clock);
        opened.add(stores);
        return stores;
    }

    SqliteStores open(Path file, Clock clock, Database.Settings settings) {
        SqliteStores stores = SqliteStores.open(file, clock, settings);
        opened.add(stores);
        return stores;
    }

    /** Runs statements on a separate raw connection, as someone with write access to the file could. */
    static void sql(Path file, String... statements) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            for (String statement : statements) {
                s.executeUpdate(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        opened.forEach(SqliteStores::close);
    }
}
