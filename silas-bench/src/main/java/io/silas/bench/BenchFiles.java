package io.silas.bench;

import io.silas.sqlite.SqliteStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temp directories and raw SQLite connections set up exactly like the store bundle's. */
final class BenchFiles {
    private BenchFiles() {
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain JDBC connection running the bundle's own pragmas (WAL, synchronous, foreign keys, busy timeout). */
    static Connection rawConnection(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            for (String pragma : SqliteStores.connectionPragmas()) {
                if (pragma.startsWith("PRAGMA journal_mode")) {
                    try (ResultSet rs = s.executeQuery(pragma)) {
                        rs.next();
                    }
                } else {
                    s.execute(pragma);
                }
            }
        }
        return c;
    }
}
