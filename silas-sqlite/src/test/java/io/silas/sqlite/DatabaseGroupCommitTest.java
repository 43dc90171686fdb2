package io.silas.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: writes queued behind a leader commit together; a write that fails is undone alone (its rows never
 * appear, its caller gets its own exception) while the others of its group commit, each exactly once.
 */
class DatabaseGroupCommitTest {
    @TempDir
    Path dir;
    private Database db;
    private final List<Thread> started = new ArrayList<>();

    @BeforeEach
    void setUp() {
        db = Database.open(dir.resolve("silas.db"), Database.Settings.DEFAULT);
        db.write(s -> {
            s.executeScript("CREATE TABLE t(k TEXT PRIMARY KEY)");
            return null;
        });
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void unsyncedWrite_commitsWithoutItsOwnSync_theNextWriteSyncsFullyAgain() {
        long unsynced = db.writeUnsynced(s -> {
            Rows.update(s, "INSERT INTO t(k) VALUES ('recorded')");
            return Rows.longValue(s, "PRAGMA synchronous");
        });
        long synced = db.write(s -> {
            Rows.update(s, "INSERT INTO t(k) VALUES ('completed')");
            return Rows.longValue(s, "PRAGMA synchronous");
        });

        assertThat(unsynced).isEqualTo(1); // NORMAL: committed to the WAL, synced by a later commit
        assertThat(synced).isEqualTo(2); // FULL, the configured durability: this commit syncs the WAL
        long rows = db.read(s -> Rows.longValue(s, "SELECT count(*) FROM t"));
        assertThat(rows).isEqualTo(2);
    }

    @Test
    void failingWriteInAGroup_undoneAlone_othersCommitOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> leader = leaderHeldInsideItsWrite(release);

        AtomicInteger firstRuns = new AtomicInteger();
        CompletableFuture<Integer> first = async(() -> db.write(s -> {
            firstRuns.incrementAndGet();
            return Rows.update(s, "INSERT INTO t(k) VALUES ('first')");
        }));
        awaitQueued(1);
        CompletableFuture<Integer> failing = async(() -> db.write(s -> {
            Rows.update(s, "INSERT INTO t(k) VALUES ('half-written')");
            throw new IllegalStateException("work failed after writing a row");
        }));
        awaitQueued(2);
        CompletableFuture<Integer> badSql = async(() -> db.write(s -> {
            Rows.update(s, "INSERT INTO t(k) VALUES ('before-bad-sql')");
            return Rows.update(s, "INSERT INTO missing_table(k) VALUES ('x')");
        }));
        awaitQueued(3);
        CompletableFuture<Integer> last =
                async(() -> db.write(s -> Rows.update(s, "INSERT INTO t(k) VALUES ('last')")));
        awaitQueued(4);
        release.countDown();

        assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("work failed after writing a row");
        assertThatThrownBy(() -> badSql.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SilasException.class)
                .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.DB_FAILURE);
        assertThat(keys()).containsExactly("first", "last", "leader");
        assertThat(firstRuns.get()).as("queued before the failing write: run, rolled back with the group, run again")
                .isEqualTo(2);
    }

    @Test
    void groupWithoutFailures_runsEachWorkOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> leader = leaderHeldInsideItsWrite(release);
        AtomicInteger runs = new AtomicInteger();
        List<CompletableFuture<Integer>> writes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String key = "k" + i;
            writes.add(async(() -> db.write(s -> {
                runs.incrementAndGet();
                return Rows.update(s, "INSERT INTO t(k) VALUES (?)", key);
            })));
        }
        awaitQueued(5);
        release.countDown();

        assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        for (CompletableFuture<Integer> write : writes) {
            assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(runs.get()).isEqualTo(5);
        assertThat(keys()).containsExactly("k0", "k1", "k2", "k3", "k4", "leader");
    }

    @Test
    void singleFailingWrite_leavesNothing_andRunsOnce() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> db.write(s -> {
            runs.incrementAndGet();
            Rows.update(s, "INSERT INTO t(k) VALUES ('alone')");
            throw new IllegalArgumentException("refused");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("refused");

        assertThat(runs.get()).isEqualTo(1);
        assertThat(keys()).isEmpty();
    }

    /** Starts a write that leads and then waits inside its transaction until released, so that others queue. */
    private CompletableFuture<Integer> leaderHeldInsideItsWrite(CountDownLatch release) throws InterruptedException {
        CountDownLatch leaderInside = new CountDownLatch(1);
        CompletableFuture<Integer> leader = async(() -> db.write(s -> {
            leaderInside.countDown();
            await(release);
            return Rows.update(s, "INSERT INTO t(k) VALUES ('leader')");
        }));
        assertThat(leaderInside.await(10, TimeUnit.SECONDS)).isTrue();
        return leader;
    }

    private List<String> keys() {
        return db.read(s -> Rows.strings(s, "SELECT k FROM t ORDER BY k"));
    }

    /** Waits until that many writers (after the leader) are parked in the queue, so that queue order is start order. */
    private void awaitQueued(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (started.stream().skip(1).filter(t -> t.getState() == Thread.State.WAITING).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("writers did not queue");
            }
            Thread.sleep(5);
        }
    }

    private <T> CompletableFuture<T> async(Supplier<T> call) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(call.get());
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        started.add(thread);
        thread.start();
        return future;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
