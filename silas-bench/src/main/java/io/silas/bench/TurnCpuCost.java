package io.silas.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU cost per turn, which (unlike {@link TurnBenchmark}'s wall throughput) stays meaningful on a machine shared with
 * other load: the same Stream as {@link TurnBenchmark} (scripted proxy, four policy gates, 1,000 connections), rounds
 * of one turn per connection, then the process CPU seconds per 1,000 turns and the wall turns/s of the measured
 * rounds. Run with {@code java -cp silas-bench/target/benchmarks.jar io.silas.bench.TurnCpuCost memory|sqlite
 * [rounds]} ({@code -Dthreads=N} turn threads, {@code -Dclients=N} submitting threads override the benchmark's).
 */
public final class TurnCpuCost {
    private TurnCpuCost() {
    }

    public static void main(String[] args) {
        boolean sqlite = args.length > 0 && args[0].equals("sqlite");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (TurnBench bench = new TurnBench(sqlite,
                Integer.getInteger("threads", sqlite ? TurnBenchmark.SQLITE_TURN_THREADS : 2), 1024,
                Integer.getInteger("clients", sqlite ? TurnBenchmark.SQLITE_CLIENTS : 1))) {
            String[] ids = new String[TurnBenchmark.CONNECTIONS];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = "web:" + i;
            }
            runRounds(bench, ids, rounds / 2);
            long cpu = os.getProcessCpuTime();
            long wall = System.nanoTime();
            runRounds(bench, ids, rounds);
            double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            long turns = (long) rounds * ids.length;
            System.out.printf("stores=%s turns=%d turns/s=%.0f cpu_s_per_1k_turns=%.3f load=%.2f%n",
                    sqlite ? "sqlite" : "memory", turns, turns / wallSeconds, cpuSeconds * 1000 / turns,
                    os.getSystemLoadAverage());
        }
    }

    private static void runRounds(TurnBench bench, String[] ids, int rounds) {
        for (int r = 0; r < rounds; r++) {
            bench.round(ids, r);
        }
    }
}
