package io.silas.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Memory per idle known connection (target ≤ 4 KB): a Stream over the SQLite bundle (so stored data is on
 * disk, not counted), {@code N} connections (default 100,000) each send one turn, then stay idle; the heap delta
 * after GC, divided by {@code N}, is what each idle known connection costs in the process. Messages are submitted by
 * {@value TurnBenchmark#SQLITE_CLIENTS} client threads, as in {@link TurnBenchmark}. Run with
 * {@code java -cp silas-bench/target/benchmarks.jar io.silas.bench.IdleConnectionMemory [N]}.
 */
public final class IdleConnectionMemory {
    private IdleConnectionMemory() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (TurnBench bench = new TurnBench(true, TurnBenchmark.SQLITE_TURN_THREADS, 1024,
                TurnBenchmark.SQLITE_CLIENTS)) {
            for (int i = 0; i < 2_000; i++) {
                bench.submit("warmup:" + (i % 50), "warm up " + i).join();
            }
            long before = usedAfterGc();
            long start = System.nanoTime();
            int batch = 2_000;
            for (int from = 0; from < n; from += batch) {
                String[] ids = new String[Math.min(n, from + batch) - from];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = "web:" + (from + i);
                }
                bench.round(ids, 0);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long after = usedAfterGc();
            System.out.printf("connections=%d turns/s=%.0f live_processors=%d heap_delta=%.1f MB per_connection=%.0f"
                    + " bytes%n", n, n / seconds, bench.liveProcessors(), (after - before) / 1e6,
                    (after - before) / (double) n);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
