package io.silas.postgres;

import io.silas.core.audit.AuditLog;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.context.ContextItem;
import io.silas.core.context.ContextKind;
import io.silas.core.context.ContextZone;
import io.silas.core.schedule.Schedule;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.TrustDecision;
import io.silas.core.vocabulary.TaintLevel;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One JVM of a cluster test, started by {@link ClusterTest} as a child process on a schema of the test server. It
 * prints one line per fact the parent checks ({@code won <binding>}, {@code done <seq>}, ...), then {@code exit}.
 *
 * <p>Modes: {@code audit <url> <node> <n>} appends n entries; {@code nonces <url> <node> <n>} tries to record the
 * execution nonces 0..n-1; {@code worker <url> <node> <scopes> <perScope> <expectedTotal>} enqueues perScope messages
 * for each scope, then claims and runs turns until the cluster has finished expectedTotal of them.
 */
public final class ClusterChild {
    private ClusterChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        String node = args[2];
        try (PostgresStores stores = PostgresStores.builder().jdbcUrl(url).poolSize(4).clock(Clock.systemUTC())
                .nodeId(node).lease(Duration.ofSeconds(1)).open()) {
            System.out.println("ready " + node);
            switch (mode) {
                case "audit" -> audit(stores.auditLog(), node, Integer.parseInt(args[3]));
                case "nonces" -> nonces(stores.nonceStore(), Integer.parseInt(args[3]));
                case "scheduler" -> scheduler(stores, url, node, Long.parseLong(args[3]), Long.parseLong(args[4]),
                        Long.parseLong(args[5]));
                case "worker" -> worker(stores, url, node, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                        Integer.parseInt(args[5]));
                default -> throw new IllegalArgumentException(mode);
            }
        }
        System.out.println("exit");
        System.out.flush();
    }

    private static void audit(AuditLog audit, String node, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            audit.append("cluster_append", Map.of("node", node, "i", i));
        }
        System.out.println("appended " + n + " " + (System.nanoTime() - start));
    }

    private static void nonces(NonceStore nonces, int n) {
        for (int i = 0; i < n; i++) {
            if (nonces.recordIfAbsent(NonceStore.DOMAIN_EXECUTION, "token-" + i, Instant.now())) {
                System.out.println("won token-" + i);
            }
        }
    }

    /** Registers job "tick" (every periodMs, running runMs) and lets the cluster run it for seconds. */
    private static void scheduler(PostgresStores stores, String url, String node, long periodMs, long runMs,
                                  long seconds) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             PostgresScheduler scheduler = PostgresScheduler.start(stores, stores.auditLog(), Duration.ofMillis(50),
                     Duration.ofMillis(250))) {
            scheduler.schedule("tick", Schedule.every(Duration.ofMillis(periodMs)), () -> tick(c, node, runMs));
            Thread.sleep(seconds * 1000);
        }
    }

    private static synchronized void tick(Connection c, String node, long runMs) {
        try {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticks(node, started_at) "
                    + "VALUES (?, clock_timestamp()) RETURNING id")) {
                ps.setString(1, node);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            System.out.println("tick " + id);
            Thread.sleep(runMs);
            mark(c, "UPDATE ticks SET ended_at = clock_timestamp() WHERE id = ?", id);
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void worker(PostgresStores stores, String url, String node, int scopes, int perScope,
                               int expectedTotal) throws Exception {
        ClusterInbox inbox = stores.clusterInbox();
        for (int k = 0; k < perScope; k++) {
            for (int s = 0; s < scopes; s++) {
                String scope = "scope-" + s;
                ChannelMessage message = new ChannelMessage(node + "-" + s + "-" + k, "web", "user-" + s,
                        "hello " + k + " from " + node, Instant.now(), List.of(), null, Map.of());
                long seq = inbox.enqueue(scope, "web:" + s, message, TrustDecision.of(TrustDecision.Reason.UNSIGNED),
                        Instant.now()).seq();
                System.out.println("admitted " + seq);
            }
        }
        System.out.println("admission-done");
        try (Connection c = DriverManager.getConnection(url)) {
            while (true) {
                Optional<ClusterInbox.Claim> claim = inbox.claimNext();
                if (claim.isEmpty()) {
                    if (replies(c) >= expectedTotal) {
                        return;
                    }
                    Thread.sleep(20);
                    continue;
                }
                run(stores, c, node, claim.get());
            }
        }
    }

    /** A turn: chronicle the message (unless a dead node already did), mark the run, reply and finish the row. */
    private static void run(PostgresStores stores, Connection c, String node, ClusterInbox.Claim claim)
            throws SQLException {
        var entry = claim.entry();
        System.out.println("run " + entry.seq() + " " + claim.turnNumber());
        mark(c, "INSERT INTO runs(seq, scope_id, node, turn, started_at) VALUES (?, ?, ?, ?, clock_timestamp())",
                entry.seq(), entry.scopeId(), node, claim.turnNumber());
        if (entry.chronicledTurn() == 0) {
            stores.inboxStore().recordMessage(entry, item("msg-" + entry.seq(), entry.message().text(),
                    claim.turnNumber()), null);
        }
        // Marked before the commit point: the next turn of the scope can only be claimed once complete() committed.
        mark(c, "UPDATE runs SET ended_at = clock_timestamp() WHERE seq = ? AND node = ? AND ended_at IS NULL",
                entry.seq(), node);
        stores.inboxStore().complete(entry, item("reply-" + entry.seq(), "reply", claim.turnNumber()), null);
        System.out.println("done " + entry.seq());
    }

    private static ContextItem item(String ctxId, String text, int turn) {
        return ContextItem.live(ctxId, ContextZone.CHRONICLE, ContextKind.MESSAGE, text, 3, "channel:web",
                TaintLevel.EXTERNAL, turn, Instant.now());
    }

    private static void mark(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private static long replies(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM chronicle WHERE ctx_id LIKE 'reply-%'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
