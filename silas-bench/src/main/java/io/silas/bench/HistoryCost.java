package io.silas.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * CPU and allocation per turn at 10, 1,000, 5,000 and 10,000 turns of a scope's history, in one process, measured by the
 * JVM's per-thread counters (the CPU time and allocated bytes of every Java thread: the caller and the Stream's
 * workers; GC and JIT threads are not counted). Scopes are pre-built as in {@link HistoryBenchmark} (100 scopes of 10
 * turns, 10 of 1,000, one each of 5,000 and 10,000; all scopes at once), then blocks of {@value #BLOCK} sequential turns (submit, wait) run on each level
 * in turn for {@code rounds} rounds, so that all levels see the same machine load; the level-10 row is the
 * anchor of the others. Up to about 3,000 turns the window is not full: nothing is evicted and retrieval finds nothing
 * (only evicted items become memories); from then on every turn also stores its evicted items to memory and injects
 * the memories it retrieves, work that turn 10 does not have, so the 5,000 row is the anchor of the 10,000 row for
 * growth with history. Prints one line per level and the load average. Run with {@code java -cp
 * silas-bench/target/benchmarks.jar io.silas.bench.HistoryCost memory|sqlite [rounds] [jfr file of the measured
 * rounds]}.
 */
public final class HistoryCost {
    private static final int BLOCK = 50;
    private static final int[] LEVELS = {10, 1_000, 5_000, 10_000};

    private HistoryCost() {
    }

    public static void main(String[] args) throws Exception {
        boolean sqlite = args.length > 0 && args[0].equals("sqlite");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path jfr = args.length > 2 ? Path.of(args[2]) : null;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (TurnBench bench = new TurnBench(sqlite, 2, 1024)) {
            long[] turn = {0};
            String[][] scopes = new String[LEVELS.length][];
            for (int l = 0; l < LEVELS.length; l++) {
                int level = LEVELS[l];
                scopes[l] = new String[level >= 5_000 ? 1 : level >= 1_000 ? 10 : 100];
                for (int s = 0; s < scopes[l].length; s++) {
                    scopes[l][s] = "web:history-" + level + "-" + s;
                }
            }
            build(bench, scopes, turn);
            int[] next = new int[LEVELS.length];
            for (int w = 0; w < 4; w++) { // warm-up rounds
                for (int l = 0; l < LEVELS.length; l++) {
                    block(bench, scopes[l], next, l, turn);
                }
            }
            Recording recording = null;
            if (jfr != null) {
                recording = new Recording(Configuration.getConfiguration("profile"));
                recording.start();
            }
            long[] cpu = new long[LEVELS.length];
            long[] bytes = new long[LEVELS.length];
            for (int r = 0; r < rounds; r++) {
                for (int l = 0; l < LEVELS.length; l++) {
                    long[] before = totals(threads);
                    block(bench, scopes[l], next, l, turn);
                    long[] after = totals(threads);
                    cpu[l] += after[0] - before[0];
                    bytes[l] += after[1] - before[1];
                }
            }
            if (recording != null) {
                recording.dump(jfr);
                recording.close();
            }
            double turns = (double) rounds * BLOCK;
            for (int l = 0; l < LEVELS.length; l++) {
                System.out.printf("stores=%s history=%d cpu_us_per_turn=%.1f alloc_kb_per_turn=%.1f "
                                + "cpu_vs_history10=%.2f alloc_vs_history10=%.2f cpu_vs_history5000=%.2f "
                                + "alloc_vs_history5000=%.2f turns=%d%n",
                        sqlite ? "sqlite" : "memory", LEVELS[l], cpu[l] / turns / 1e3, bytes[l] / turns / 1024,
                        (double) cpu[l] / cpu[0], (double) bytes[l] / bytes[0], (double) cpu[l] / cpu[2],
                        (double) bytes[l] / bytes[2], (long) turns);
            }
            System.out.printf("load=%.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** CPU nanoseconds and allocated bytes of every live Java thread so far. */
    private static long[] totals(com.sun.management.ThreadMXBean threads) {
        long[] ids = threads.getAllThreadIds();
        long cpu = 0;
        for (long c : threads.getThreadCpuTime(ids)) {
            cpu += Math.max(0, c);
        }
        long bytes = 0;
        for (long b : threads.getThreadAllocatedBytes(ids)) {
            bytes += Math.max(0, b);
        }
        return new long[] {cpu, bytes};
    }

    private static void block(TurnBench bench, String[] scopes, int[] next, int level, long[] turn) {
        for (int i = 0; i < BLOCK; i++) {
            String scope = scopes[next[level]];
            next[level] = (next[level] + 1) % scopes.length;
            bench.submit(scope, HistoryBenchmark.message(turn[0]++)).join();
        }
    }

    /**
     * Every scope's history at once: round-robin over the scopes that still need turns, at most 16 in flight per
     * scope, so that SQLite group-commits the scopes' writes together and building takes about as long as the
     * longest history.
     */
    private static void build(TurnBench bench, String[][] scopes, long[] turn) {
        List<String> all = new ArrayList<>();
        List<Integer> wanted = new ArrayList<>();
        for (int l = 0; l < LEVELS.length; l++) {
            for (String scope : scopes[l]) {
                all.add(scope);
                wanted.add(LEVELS[l]);
            }
        }
        List<Deque<CompletableFuture<?>>> inFlight = new ArrayList<>();
        all.forEach(scope -> inFlight.add(new ArrayDeque<>()));
        int[] submitted = new int[all.size()];
        for (boolean more = true; more; ) {
            more = false;
            for (int i = 0; i < all.size(); i++) {
                if (submitted[i] == wanted.get(i)) {
                    continue;
                }
                more = true;
                if (inFlight.get(i).size() == 16) {
                    inFlight.get(i).removeFirst().join();
                }
                inFlight.get(i).addLast(bench.submit(all.get(i), HistoryBenchmark.message(turn[0]++)));
                submitted[i]++;
            }
        }
        inFlight.forEach(q -> q.forEach(CompletableFuture::join));
    }
}
