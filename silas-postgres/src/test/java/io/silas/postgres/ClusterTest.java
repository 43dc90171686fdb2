package io.silas.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.ChainVerification;
import io.silas.core.trust.NonceStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cluster semantics with several JVMs (child processes running {@link ClusterChild}) on one PostgreSQL database: one
 * audit chain, nonces consumed once across the cluster, per-scope turn order and unique turn numbers through the shared
 * inbox, and a {@code kill -9} of one of three JVMs mid-burst that loses nothing and runs nothing twice.
 */
class ClusterTest {
    private static final long CHILD_SECONDS = 240;
    private final PgTestDatabase db = new PgTestDatabase();
    private final ChildJvms jvms = new ChildJvms();

    @AfterEach
    void cleanUp() throws Exception {
        jvms.close();
        db.close();
    }

    @Test
    void auditAppendsFromThreeJvms_formOneChainThatVerifies() throws Exception {
        String schema = db.newSchema();
        String url = PgTestDatabase.urlFor(schema);
        List<ChildJvms.Child> children = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            children.add(jvms.start("audit", url, "jvm-" + i, "300"));
        }
        for (ChildJvms.Child child : children) {
            ChildJvms.awaitExit(child, CHILD_SECONDS);
        }

        PostgresStores stores = db.track(PostgresStores.open(db.dataSource(schema), Clock.systemUTC()));
        ChainVerification chain = stores.auditLog().verifyChain();
        assertThat(chain.valid()).as(chain.toString()).isTrue();
        assertThat(chain.entriesChecked()).isEqualTo(900);
        List<AuditEntry> entries = stores.auditLog().findByEvent("cluster_append");
        assertThat(entries).extracting(AuditEntry::seq).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 900).mapToObj(Long::valueOf).toList());
        assertThat(entries.stream().map(e -> e.data().get("node").asText()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("jvm-1", "jvm-2", "jvm-3");
        for (ChildJvms.Child child : children) {
            String[] appended = child.values("appended").get(0).split(" ");
            System.out.printf("audit: %s appended %s entries at %.0f/s while three JVMs appended%n", child.node(),
                    appended[0], Long.parseLong(appended[0]) * 1e9 / Long.parseLong(appended[1]));
        }
    }

    @Test
    void nonceConsumedOnOneJvm_isRefusedOnEveryOther() throws Exception {
        String schema = db.newSchema();
        String url = PgTestDatabase.urlFor(schema);
        List<ChildJvms.Child> children = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            children.add(jvms.start("nonces", url, "jvm-" + i, "200"));
        }
        for (ChildJvms.Child child : children) {
            ChildJvms.awaitExit(child, CHILD_SECONDS);
        }

        Map<String, Integer> winners = new HashMap<>();
        children.forEach(c -> c.values("won").forEach(b -> winners.merge(b, 1, Integer::sum)));
        assertThat(winners).hasSize(200);
        assertThat(winners.values()).allMatch(n -> n == 1);
        PostgresStores stores = db.track(PostgresStores.open(db.dataSource(schema), Clock.systemUTC()));
        assertThat(stores.nonceStore().recordIfAbsent(NonceStore.DOMAIN_EXECUTION, "token-7", Instant.now())).isFalse();
    }

    @Test
    void threeJvmsRunOneInbox_turnsPerScopeInAdmissionOrder_uniqueNumbers_noOverlap() throws Exception {
        String schema = prepareRunsTable();
        String url = PgTestDatabase.urlFor(schema);
        List<ChildJvms.Child> children = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            children.add(jvms.start("worker", url, "jvm-" + i, "6", "10", "180"));
        }
        for (ChildJvms.Child child : children) {
            ChildJvms.awaitExit(child, CHILD_SECONDS);
        }

        Set<Long> admitted = admitted(children);
        assertThat(admitted).hasSize(180);
        assertClusterOutcome(schema, admitted, Set.of(), doneCounts(children));
    }

    @Test
    void killMinus9OneOfThreeJvmsMidBurst_nothingLost_nothingRunTwice_survivorsContinue() throws Exception {
        String schema = prepareRunsTable();
        String url = PgTestDatabase.urlFor(schema);
        List<ChildJvms.Child> children = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            children.add(jvms.start("worker", url, "jvm-" + i, "8", "25", "600"));
        }
        ChildJvms.Child victim = children.get(0);
        while (victim.count("done") < 20 && victim.process().isAlive()) {
            Thread.sleep(10);
        }
        assertThat(victim.process().isAlive()).as("the victim was still running when killed").isTrue();
        victim.process().destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no lease given up
        for (ChildJvms.Child survivor : children.subList(1, 3)) {
            ChildJvms.awaitExit(survivor, CHILD_SECONDS);
        }

        Set<Long> admitted = admitted(children);
        Set<Long> cut = new HashSet<>(victim.values("run").stream().map(v -> Long.parseLong(v.split(" ")[0])).toList());
        cut.removeAll(victim.values("done").stream().map(Long::parseLong).toList());
        Map<String, Long> counts = assertClusterOutcome(schema, admitted, cut, doneCounts(children));
        System.out.printf("kill -9: admitted %d (the victim admitted %d before it died), processed %d, lost %d, "
                        + "doubled %d, cut mid-turn and finished by a survivor %d%n", admitted.size(),
                victim.values("admitted").size(), counts.get("processed"), counts.get("lost"), counts.get("doubled"),
                cut.size());
    }

    @Test
    void jobRegisteredOnThreeJvms_runsOncePerTickAcrossTheCluster() throws Exception {
        String schema = prepareTicksTable();
        String url = PgTestDatabase.urlFor(schema);
        List<ChildJvms.Child> children = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            children.add(jvms.start("scheduler", url, "jvm-" + i, "100", "50", "6"));
        }
        for (ChildJvms.Child child : children) {
            ChildJvms.awaitExit(child, CHILD_SECONDS);
        }

        List<Tick> ticks = ticks(schema);
        assertThat(ticks).hasSizeGreaterThan(3);
        assertNoOverlap(ticks);
        System.out.printf("scheduler: %d ticks by %s%n", ticks.size(),
                ticks.stream().collect(Collectors.groupingBy(Tick::node, Collectors.counting())));
    }

    @Test
    void jobWhoseJvmIsKilledMidRun_isRevivedOnAnotherJvm() throws Exception {
        String schema = prepareTicksTable();
        String url = PgTestDatabase.urlFor(schema);
        Map<String, ChildJvms.Child> children = new HashMap<>();
        for (int i = 1; i <= 3; i++) {
            children.put("jvm-" + i, jvms.start("scheduler", url, "jvm-" + i, "100", "1500", "40"));
        }
        Tick running = awaitTick(schema, t -> t.ended() == null);
        children.get(running.node()).process().destroyForcibly().waitFor();

        Tick revived = awaitTick(schema, t -> t.id() > running.id() && t.ended() != null);

        assertThat(revived.node()).isNotEqualTo(running.node());
        List<Tick> ticks = ticks(schema);
        assertThat(ticks.stream().filter(t -> t.id() == running.id()).findFirst().orElseThrow().ended())
                .as("the killed run never finished").isNull();
        assertNoOverlap(ticks.stream().filter(t -> t.ended() != null).toList());
    }

    /** A run of the scheduled job as the children recorded it. */
    private record Tick(long id, String node, Timestamp started, Timestamp ended) {
    }

    private String prepareTicksTable() {
        String schema = db.newSchema();
        db.track(PostgresStores.open(db.dataSource(schema), Clock.systemUTC())).close();
        db.sql(schema, "CREATE TABLE ticks (id BIGSERIAL PRIMARY KEY, node TEXT NOT NULL, "
                + "started_at TIMESTAMPTZ NOT NULL, ended_at TIMESTAMPTZ)");
        return schema;
    }

    private static List<Tick> ticks(String schema) throws SQLException {
        List<Tick> ticks = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(PgTestDatabase.urlFor(schema));
             PreparedStatement ps = c.prepareStatement("SELECT id, node, started_at, ended_at FROM ticks ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ticks.add(new Tick(rs.getLong(1), rs.getString(2), rs.getTimestamp(3), rs.getTimestamp(4)));
            }
        }
        return ticks;
    }

    /** Polls the ticks table until one matches; fails after two minutes. */
    private static Tick awaitTick(String schema, java.util.function.Predicate<Tick> match) throws Exception {
        for (int i = 0; i < 1200; i++) {
            Optional<Tick> found = ticks(schema).stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no matching tick within two minutes: " + ticks(schema));
    }

    /** Once per tick: finished runs, in start order, never overlap (a second JVM running the same tick would). */
    private static void assertNoOverlap(List<Tick> ticks) {
        List<Tick> finished = ticks.stream().filter(t -> t.ended() != null)
                .sorted(Comparator.comparing(Tick::started)).toList();
        for (int i = 1; i < finished.size(); i++) {
            assertThat(finished.get(i).started()).as("tick %s starts after %s ended", finished.get(i),
                    finished.get(i - 1)).isAfterOrEqualTo(finished.get(i - 1).ended());
        }
    }

    /** A fresh, migrated schema with the table the workers record their runs in. */
    private String prepareRunsTable() {
        String schema = db.newSchema();
        db.track(PostgresStores.open(db.dataSource(schema), Clock.systemUTC())).close();
        db.sql(schema, "CREATE TABLE runs (seq BIGINT NOT NULL, scope_id TEXT NOT NULL, node TEXT NOT NULL, "
                + "turn INTEGER NOT NULL, started_at TIMESTAMPTZ NOT NULL, ended_at TIMESTAMPTZ)");
        return schema;
    }

    /** How often each row's turn was completed (complete() returned), over every JVM's output. */
    private static Map<Long, Integer> doneCounts(List<ChildJvms.Child> children) {
        Map<Long, Integer> done = new HashMap<>();
        children.forEach(c -> c.values("done").forEach(v -> done.merge(Long.parseLong(v), 1, Integer::sum)));
        return done;
    }

    private static Set<Long> admitted(List<ChildJvms.Child> children) {
        Set<Long> admitted = new HashSet<>();
        children.forEach(c -> c.values("admitted").forEach(v -> admitted.add(Long.parseLong(v))));
        return admitted;
    }

    /** A finished run of one row on one node, as the workers recorded it. */
    private record Run(long seq, String scope, String node, int turn, Timestamp started, Timestamp ended) {
    }

    /**
     * Checks that every admitted row was chronicled once and replied to once, that each scope's turns are numbered
     * 1..n in admission order, and that finished runs of a scope never overlap. Runs cut by a kill ({@code cut}) are
     * left out of the overlap check: they never finished.
     */
    private Map<String, Long> assertClusterOutcome(String schema, Set<Long> admitted, Set<Long> cut,
                                                   Map<Long, Integer> doneCounts)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(PgTestDatabase.urlFor(schema))) {
            assertThat(count(c, "SELECT count(*) FROM inbox")).as("unfinished rows").isZero();
            Map<Long, Integer> messages = chronicled(c, "msg-");
            Map<Long, Integer> replies = chronicled(c, "reply-");
            assertThat(messages.keySet()).containsExactlyInAnyOrderElementsOf(admitted);
            assertThat(replies.keySet()).containsExactlyInAnyOrderElementsOf(admitted);
            List<Run> runs = runs(c);
            // A run marks its end just before its commit; a JVM killed in between leaves a marked run that a survivor
            // runs again with the same turn number, so per row the last finished run counts.
            Map<Long, Run> lastFinished = new HashMap<>();
            runs.stream().filter(r -> r.ended() != null).forEach(r -> lastFinished.merge(r.seq(), r,
                    (a, b) -> a.started().after(b.started()) ? a : b));
            Map<String, List<Run>> finishedByScope = lastFinished.values().stream()
                    .collect(Collectors.groupingBy(Run::scope));
            for (List<Run> scopeRuns : finishedByScope.values()) {
                List<Run> byTurn = scopeRuns.stream().sorted((a, b) -> Integer.compare(a.turn(), b.turn())).toList();
                assertThat(byTurn).extracting(Run::turn).containsExactlyElementsOf(
                        IntStream.rangeClosed(1, byTurn.size()).boxed().toList());
                assertThat(byTurn).extracting(Run::seq).isSorted();
                for (int i = 1; i < byTurn.size(); i++) {
                    assertThat(byTurn.get(i).started()).as("turn %d starts after turn %d ended", i + 1, i)
                            .isAfterOrEqualTo(byTurn.get(i - 1).ended());
                }
            }
            for (long seq : cut) {
                assertThat(messages.get(seq)).as("turn of a cut row keeps its number").isEqualTo(replies.get(seq));
            }
            long processed = replies.size();
            long doubled = doneCounts.values().stream().filter(n -> n > 1).count();
            long lost = admitted.stream().filter(s -> !replies.containsKey(s)).count();
            assertThat(lost).isZero();
            assertThat(doubled).isZero();
            return Map.of("processed", processed, "lost", lost, "doubled", doubled);
        }
    }

    private static Map<Long, Integer> chronicled(Connection c, String prefix) throws SQLException {
        Map<Long, Integer> turns = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ctx_id, item FROM chronicle WHERE ctx_id LIKE ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = Long.parseLong(rs.getString(1).substring(prefix.length()));
                    int turn = io.silas.core.json.Json.read(rs.getString(2), io.silas.core.context.ContextItem.class)
                            .turnNumber();
                    assertThat(turns.put(seq, turn)).as("chronicled once: " + prefix + seq).isNull();
                }
            }
        }
        return turns;
    }

    private static List<Run> runs(Connection c) throws SQLException {
        List<Run> runs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, scope_id, node, turn, started_at, ended_at "
                + "FROM runs"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                runs.add(new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getTimestamp(5),
                        rs.getTimestamp(6)));
            }
        }
        return runs;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
