package io.silas.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer never checkpoints itself ({@code wal_autocheckpoint=0}); the {@link Checkpointer} thread must keep the
 * WAL from growing without bound and get committed data into the database file, and stop with the database.
 */
class CheckpointerTest {
    private static final int WRITES = 3_000;
    private static final String PAGE_OF_TEXT = "x".repeat(3_000);

    @TempDir
    Path dir;

    @Test
    void steadyWrites_walStaysBounded_andTheDataReachesTheDatabaseFile() throws IOException, InterruptedException {
        Path file = dir.resolve("silas.db");
        Path wal = dir.resolve("silas.db-wal");
        long maxWal = 0;
        try (Database db = Database.open(file, Database.Settings.DEFAULT)) {
            db.write(s -> {
                s.executeScript("CREATE TABLE t(n INTEGER PRIMARY KEY, body TEXT NOT NULL)");
                return null;
            });
            for (int i = 0; i < WRITES; i++) {
                int n = i;
                db.write(s -> Rows.update(s, "INSERT INTO t(n, body) VALUES (?, ?)", n, PAGE_OF_TEXT));
                if (Files.exists(wal)) {
                    maxWal = Math.max(maxWal, Files.size(wal));
                }
            }
            long fileSize = awaitFileSizeAtLeast(file, (long) WRITES / 2 * PAGE_OF_TEXT.length());
            assertThat(fileSize).as("checkpointed rows are in the database file while it is open")
                    .isGreaterThanOrEqualTo((long) WRITES / 2 * PAGE_OF_TEXT.length());
            assertThat(count(db)).isEqualTo(WRITES);
        }
        // Uncheckpointed, these 3,000 commits grow the WAL to about 37 MB; checkpointed, it stays near 4 MB.
        assertThat(maxWal).as("largest WAL seen").isLessThan(16L * 1024 * 1024);
        try (Database reopened = Database.open(file, Database.Settings.DEFAULT)) {
            assertThat(count(reopened)).isEqualTo(WRITES);
        }
    }

    @Test
    void close_stopsTheCheckpointThread() {
        long before = checkpointThreads();
        Database db = Database.open(dir.resolve("silas.db"), Database.Settings.DEFAULT);
        assertThat(checkpointThreads()).isEqualTo(before + 1);

        db.close();

        assertThat(checkpointThreads()).isEqualTo(before);
    }

    private static int count(Database db) {
        List<String> rows = db.read(s -> Rows.strings(s, "SELECT count(*) FROM t"));
        return Integer.parseInt(rows.get(0));
    }

    private static long checkpointThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("silas-sqlite-checkpoint")).count();
    }

    private static long awaitFileSizeAtLeast(Path file, long size) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long current = Files.size(file);
        while (current < size && System.nanoTime() < deadline) {
            Thread.sleep(20);
            current = Files.size(file);
        }
        return current;
    }
}
