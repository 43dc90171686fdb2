package io.silas.bench;

import io.silas.core.audit.AuditLog;
import io.silas.postgres.PostgresStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scale-out numbers on PostgreSQL from one run (not JMH: JMH forks run one after another, these need JVMs running side by
 * side): turns/s of 1,000 connections (scripted proxy, four policy gates, {@link TurnBench}) on one JVM with SQLite
 * (the anchor), then on PostgreSQL with 1, 2 and 3 JVMs sharing one database (connections split between them), then
 * audit appends/s with three JVMs appending to one chain. Each phase starts its JVMs together; each JVM warms up, then
 * measures whole rounds (one turn per connection of its share) for a fixed time; the phase's rate is the sum.
 *
 * <p>Run: {@code java -cp silas-bench/target/benchmarks.jar io.silas.bench.ClusterTurnBench <jdbc-url> [warmup-s]
 * [measure-s]} (wrap in {@code flock /tmp/jmh.lock}).
 */
public final class ClusterTurnBench {
    private static final int CONNECTIONS = 1000;
    private static final int PG_TURN_THREADS = 16;
    private static final int PG_CLIENTS = 8;

    private ClusterTurnBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("child")) {
            child(args);
            return;
        }
        String url = args[0];
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int measure = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        double sqlite = phase("sqlite", url, 1, warmup, measure);
        System.out.printf("turns/s, 1 JVM, SQLite (anchor): %.0f%n", sqlite);
        for (int jvms = 1; jvms <= 3; jvms++) {
            double pg = phase("pg", url, jvms, warmup, measure);
            System.out.printf("turns/s, %d JVM(s), PostgreSQL: %.0f (%.0f %% of the SQLite anchor)%n", jvms, pg,
                    100 * pg / sqlite);
        }
        double appends = phase("audit", url, 3, warmup / 2, measure);
        System.out.printf("audit appends/s, 3 JVMs, one chain on PostgreSQL: %.0f%n", appends);
    }

    /** Starts {@code jvms} children on a fresh schema, waits for them and returns the sum of their rates. */
    private static double phase(String mode, String url, int jvms, int warmup, int measure) throws Exception {
        String schema = "bench_" + mode + "_" + jvms + "_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        if (!mode.equals("sqlite")) {
            PostgresStores.open(schemaUrl, Clock.systemUTC()).close(); // migrate once, before the JVMs race
        }
        List<Process> children = new ArrayList<>();
        int per = (CONNECTIONS + jvms - 1) / jvms;
        for (int j = 0; j < jvms; j++) {
            int from = j * per;
            int to = Math.min(CONNECTIONS, from + per);
            children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-cp", System.getProperty("java.class.path"), ClusterTurnBench.class.getName(), "child",
                    mode, schemaUrl, "node-" + j, String.valueOf(from), String.valueOf(to), String.valueOf(warmup),
                    String.valueOf(measure)).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        double total = 0;
        for (Process child : children) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("rate ")) {
                        total += Double.parseDouble(line.substring(5));
                    }
                }
            }
            if (!child.waitFor(10, TimeUnit.MINUTES) || child.exitValue() != 0) {
                throw new IllegalStateException(mode + " child failed");
            }
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("could not drop " + schema + ": " + e.getMessage());
        }
        return total;
    }

    private static void child(String[] args) {
        String mode = args[1];
        String url = args[2];
        String node = args[3];
        int from = Integer.parseInt(args[4]);
        int to = Integer.parseInt(args[5]);
        long warmupNanos = TimeUnit.SECONDS.toNanos(Integer.parseInt(args[6]));
        long measureNanos = TimeUnit.SECONDS.toNanos(Integer.parseInt(args[7]));
        if (mode.equals("audit")) {
            try (PostgresStores stores = PostgresStores.builder().jdbcUrl(url).nodeId(node).clock(Clock.systemUTC())
                    .open()) {
                System.out.println("rate " + appendRate(stores.auditLog(), node, warmupNanos, measureNanos));
            }
            return;
        }
        String[] ids = new String[to - from];
        for (int i = from; i < to; i++) {
            ids[i - from] = "web:" + i;
        }
        try (TurnBench bench = mode.equals("sqlite")
                ? new TurnBench(true, TurnBenchmark.SQLITE_TURN_THREADS, 1024, TurnBenchmark.SQLITE_CLIENTS)
                : new TurnBench(url, node, PG_TURN_THREADS, 1024, PG_CLIENTS)) {
            long n = 0;
            long start = System.nanoTime();
            while (System.nanoTime() - start < warmupNanos) {
                bench.round(ids, n++);
            }
            long turns = 0;
            long measureStart = System.nanoTime();
            while (System.nanoTime() - measureStart < measureNanos) {
                bench.round(ids, n++);
                turns += ids.length;
            }
            System.out.println("rate " + turns * 1e9 / (System.nanoTime() - measureStart));
        }
    }

    private static double appendRate(AuditLog audit, String node, long warmupNanos, long measureNanos) {
        long start = System.nanoTime();
        int i = 0;
        while (System.nanoTime() - start < warmupNanos) {
            audit.append("bench_append", Map.of("node", node, "i", i++));
        }
        long appended = 0;
        long measureStart = System.nanoTime();
        while (System.nanoTime() - measureStart < measureNanos) {
            audit.append("bench_append", Map.of("node", node, "i", i++));
            appended++;
        }
        return appended * 1e9 / (System.nanoTime() - measureStart);
    }
}
