package io.silas.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU per call of {@link GateBenchmark#predicateGates10} and its hand-written anchor, in alternating blocks on one
 * thread, timed by that thread's CPU time: unlike JMH's throughput on a machine shared with other load, the ratio
 * then does not depend on how much CPU the other processes took. Prints ns per call for each, the runner's share of
 * the anchor's speed (target: ≥ 50 %) and the load average. Run with {@code java -cp
 * silas-bench/target/benchmarks.jar io.silas.bench.GateCpuCost [rounds] [calls per block]}.
 */
public final class GateCpuCost {
    private GateCpuCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        GateBenchmark bench = new GateBenchmark();
        bench.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < 5 * block; i++) {
            sink += bench.predicateGates10().policy().size() + bench.predicateGates10HandWritten();
        }
        long runner = 0;
        long hand = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < block; i++) {
                sink += bench.predicateGates10().policy().size();
            }
            long t1 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < block; i++) {
                sink += bench.predicateGates10HandWritten();
            }
            long t2 = threads.getCurrentThreadCpuTime();
            runner += t1 - t0;
            hand += t2 - t1;
        }
        double calls = (double) rounds * block;
        System.out.printf("runner_ns=%.0f hand_written_ns=%.0f runner_share_of_anchor=%.0f%% calls=%d load=%.2f"
                        + " (sink %d)%n", runner / calls, hand / calls, 100.0 * hand / runner, (long) calls,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), sink % 10);
    }
}
