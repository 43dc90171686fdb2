package io.silas.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU per call of the two {@link PeerBench} sides, in alternating blocks so that both see the same machine load:
 * after a warm-up, {@code rounds} times a block of LangChain4j calls then a block of Silas turns, each block timed by
 * the process's CPU time (Silas turns run on worker threads; the process counts them all). Prints µs of CPU per call
 * for each side, the ratio and the load average. Run with {@code java -cp silas-bench/target/benchmarks.jar
 * io.silas.bench.PeerCpuCost [rounds] [calls per block]}.
 */
public final class PeerCpuCost {
    private PeerCpuCost() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (PeerBench peers = new PeerBench()) {
            long n = 0;
            for (int w = 0; w < 10; w++) { // C2 compiles both paths well within this
                for (int i = 0; i < block; i++) {
                    peers.langChain4j(n++);
                    peers.silas(n++);
                }
            }
            long peerCpu = 0;
            long silasCpu = 0;
            for (int r = 0; r < rounds; r++) {
                long t0 = os.getProcessCpuTime();
                for (int i = 0; i < block; i++) {
                    peers.langChain4j(n++);
                }
                long t1 = os.getProcessCpuTime();
                for (int i = 0; i < block; i++) {
                    peers.silas(n++);
                }
                long t2 = os.getProcessCpuTime();
                peerCpu += t1 - t0;
                silasCpu += t2 - t1;
            }
            double calls = (double) rounds * block;
            System.out.printf("langchain4j_cpu_us=%.2f silas_cpu_us=%.2f ratio=%.1f calls_per_side=%d load=%.2f%n",
                    peerCpu / calls / 1e3, silasCpu / calls / 1e3, (double) silasCpu / peerCpu, (long) calls,
                    os.getSystemLoadAverage());
        }
    }
}
