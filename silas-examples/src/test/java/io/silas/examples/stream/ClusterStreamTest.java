package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.audit.ChainVerification;
import io.silas.core.context.ContextItem;
import io.silas.examples.TestPostgres;
import io.silas.postgres.PostgresStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several JVMs, each running a real {@link io.silas.core.stream.Stream} on the same PostgreSQL database
 * ({@link ClusterStreamChild}), with the messages of one connection arriving at different JVMs: the cluster keeps
 * the semantics of one Stream.
 */
class ClusterStreamTest {
    private static final int JVMS = 3;
    private static final int CONNECTIONS = 6;
    private static final int MESSAGES = 12;

    private final StreamJvms jvms = new StreamJvms();
    private final List<String> schemas = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        jvms.close();
        try (Connection c = DriverManager.getConnection(TestPostgres.url()); Statement s = c.createStatement()) {
            for (String schema : schemas) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void messagesOfOneConnectionAtThreeJvms_runInArrivalOrder_oneAtATime_numberedOnceAcrossTheCluster()
            throws Exception {
        String url = schemaUrl();
        PostgresStores.open(url, Clock.systemUTC()).close(); // migrate once, before the JVMs race
        List<StreamJvms.Child> children = new ArrayList<>();
        for (int j = 0; j < JVMS; j++) {
            children.add(jvms.start(url, "node-" + j));
        }
        jvms.await("three ready Streams", () -> jvms.lines("ready").size() == JVMS);

        // Message k of connection c arrives at JVM (c + k) % 3, only once message k - 1 was admitted (at another
        // JVM): its arrival order is k, and its turn usually has to wait for a turn running on another JVM.
        for (int k = 0; k < MESSAGES; k++) {
            for (int c = 0; c < CONNECTIONS; c++) {
                children.get((c + k) % JVMS).command("send conn-" + c + " " + k);
            }
            int admitted = (k + 1) * CONNECTIONS;
            jvms.await("admission of round " + k, () -> jvms.lines("admitted").size() == admitted);
        }
        int total = CONNECTIONS * MESSAGES;
        jvms.await("every turn's result", () -> jvms.lines("result").size() + jvms.lines("failed").size() == total);

        assertThat(jvms.lines("failed")).isEmpty();
        assertThat(jvms.lines("overlap")).as("a turn started before an earlier turn of its scope finished").isEmpty();
        Map<String, Integer> turnOf = new HashMap<>();
        for (String line : jvms.lines("result")) {
            String[] p = line.split(" ");
            assertThat(turnOf.put(p[1] + "#" + p[2], Integer.parseInt(p[3]))).as("ran twice: " + line).isNull();
        }
        for (int c = 0; c < CONNECTIONS; c++) {
            for (int k = 0; k < MESSAGES; k++) {
                assertThat(turnOf.get("conn-" + c + "#" + k)).as("turn of message %d of conn-%d", k, c)
                        .isEqualTo(k + 1);
            }
        }
        for (StreamJvms.Child child : children) {
            child.command("quit");
        }
        jvms.await("every JVM's exit", () -> jvms.lines("exit").size() == JVMS);

        try (PostgresStores stores = PostgresStores.open(url, Clock.systemUTC())) {
            for (int c = 0; c < CONNECTIONS; c++) {
                List<ContextItem> chronicle = stores.chronicleStore().getRecent("conn-" + c, 1000);
                List<String> said = chronicle.stream().filter(i -> !i.content().startsWith("reply:"))
                        .map(ContextItem::content).toList();
                List<String> expected = new ArrayList<>();
                for (int k = 0; k < MESSAGES; k++) {
                    expected.add("conn-" + c + "#" + k);
                }
                assertThat(said).as("chronicle of conn-%d in turn order", c).containsExactlyElementsOf(expected);
                assertThat(chronicle).filteredOn(i -> i.content().startsWith("reply:")).hasSize(MESSAGES);
            }
            ChainVerification chain = stores.auditLog().verifyChain();
            assertThat(chain.valid()).as(chain.toString()).isTrue();
        }
    }

    @Test
    void killMinus9OneOfThreeJvmsMidBurstWithPendingCards_nothingLost_nothingTwice_cardsResolved_survivorsContinue()
            throws Exception {
        String url = schemaUrl();
        PostgresStores.open(url, Clock.systemUTC()).close();
        int connections = 24;
        int rounds = 10;
        int killAfter = 4;
        int heldRound = 2; // message 2 of every connection is held for the owner's approval (a card)
        List<StreamJvms.Child> children = new ArrayList<>();
        for (int j = 0; j < JVMS; j++) {
            children.add(jvms.start(url, "node-" + j));
        }
        jvms.await("three ready Streams", () -> jvms.lines("ready").size() == JVMS);
        StreamJvms.Child victim = children.get(JVMS - 1);

        int admitted = 0;
        for (int k = 0; k < rounds; k++) {
            boolean victimAlive = k <= killAfter;
            for (int c = 0; c < connections; c++) {
                int target = victimAlive ? (c + k) % JVMS : (c + k) % (JVMS - 1);
                children.get(target).command("send conn-" + c + " " + k + (k == heldRound ? " -HOLD" : ""));
            }
            int expected = admitted + connections;
            jvms.await("admission of round " + k, () -> jvms.lines("admitted").size() >= expected);
            admitted = jvms.lines("admitted").size();
            if (k == killAfter) {
                // The victim's held messages have run (their cards are open, their rows parked); later turns are still
                // queued or running across the cluster.
                long victimHeld = victim.lines("admitted").stream().filter(l -> l.endsWith(" " + heldRound)).count();
                jvms.await("the victim's open cards", () -> victim.lines("result").stream()
                        .filter(l -> l.split(" ")[2].equals(String.valueOf(heldRound))).count() == victimHeld);
                assertThat(victim.process().isAlive()).isTrue();
                victim.process().destroyForcibly().waitFor(); // SIGKILL mid-burst: turns queued, running, cards open
            }
        }
        List<String> acked = jvms.lines("admitted").stream().map(l -> l.substring("admitted ".length())).toList();
        int ackedCount = acked.size();
        int victimAcked = victim.lines("admitted").size();

        // Every admitted message that is not held must get its reply in the chronicle, from whichever JVM.
        try (PostgresStores stores = PostgresStores.builder().jdbcUrl(url).nodeId("observer").clock(Clock.systemUTC())
                .open()) {
            jvms.await("a reply to every admitted message", () -> replies(stores, connections) >= ackedCount
                    - connections);
            List<StreamJvms.Child> survivors = children.subList(0, JVMS - 1);
            for (StreamJvms.Child child : survivors) {
                child.command("quit"); // drain: the survivors' own open cards resolve to their safe default
            }
            jvms.await("the survivors' exit", () -> jvms.lines("exit").size() == JVMS - 1);

            int lost = 0;
            int doubled = 0;
            int processed = 0;
            for (int c = 0; c < connections; c++) {
                List<ContextItem> chronicle = stores.chronicleStore().getRecent("conn-" + c, 1000);
                List<String> said = chronicle.stream().filter(i -> !i.content().startsWith("reply:"))
                        .map(ContextItem::content).toList();
                List<Integer> turns = chronicle.stream().filter(i -> !i.content().startsWith("reply:"))
                        .map(ContextItem::turnNumber).toList();
                assertThat(turns).as("turn numbers of conn-%d, unique and ascending", c).isSorted()
                        .doesNotHaveDuplicates();
                for (int k = 0; k < rounds; k++) {
                    if (k == heldRound) {
                        continue;
                    }
                    String text = "conn-" + c + "#" + k;
                    long runs = said.stream().filter(text::equals).count();
                    long replied = chronicle.stream().filter(i -> i.content().equals("reply:" + text)).count();
                    if (acked.contains("conn-" + c + " " + k) && (runs == 0 || replied == 0)) {
                        lost++;
                    }
                    if (runs > 1 || replied > 1) {
                        doubled++;
                    }
                    processed += replied > 0 ? 1 : 0;
                }
                assertThat(said).as("conn-%d in arrival order", c).isSortedAccordingTo(
                        java.util.Comparator.comparingInt(t -> Integer.parseInt(t.substring(t.indexOf('#') + 1))));
                assertThat(said).as("a held message never ran").noneMatch(t -> t.contains("HOLD"));
            }
            // Each held message's card was answered (by drain: declined) or, if its JVM died, resolved by a survivor.
            Map<String, Integer> resolved = new HashMap<>();
            stores.auditLog().findByEvent("held_message_declined").forEach(e ->
                    resolved.merge(e.data().get("scope_id").asText(), 1, Integer::sum));
            stores.auditLog().findByEvent("gate_approval_answered").forEach(e ->
                    resolved.merge(e.data().get("scope_id").asText(), 1, Integer::sum));
            int declinedForDeadJvm = stores.auditLog().findByEvent("held_message_declined").size();
            int takenOver = stores.auditLog().findByEvent("inbox_replayed").stream()
                    .mapToInt(e -> e.data().get("messages").asInt()).sum();
            System.out.printf("kill -9 with cards: admitted %d (victim admitted %d), processed %d, lost %d, doubled %d,"
                    + " taken over by survivors %d, held %d (of the dead JVM, resolved to the safe default by a"
                    + " survivor: %d)%n", ackedCount, victimAcked, processed, lost, doubled, takenOver, connections,
                    declinedForDeadJvm);
            assertThat(declinedForDeadJvm).as("parked cards of the dead JVM resolved by a survivor").isPositive();
            assertThat(lost).as("lost").isZero();
            assertThat(doubled).as("doubled").isZero();
            assertThat(processed).isEqualTo(ackedCount - connections);
            for (int c = 0; c < connections; c++) {
                assertThat(resolved.get("conn-" + c)).as("resolutions of conn-%d's held message", c).isEqualTo(1);
            }
            assertThat(jvms.lines("overlap")).isEmpty();
            assertThat(stores.inboxStore().takeOverParked(false)).as("parked rows left").isEmpty();
            assertThat(stores.inboxStore().takeOver()).as("rows left").isEmpty();
            ChainVerification chain = stores.auditLog().verifyChain();
            assertThat(chain.valid()).as(chain.toString()).isTrue();
        }
    }

    private static long replies(PostgresStores stores, int connections) {
        long n = 0;
        for (int c = 0; c < connections; c++) {
            n += stores.chronicleStore().getRecent("conn-" + c, 1000).stream()
                    .filter(i -> i.content().startsWith("reply:")).count();
        }
        return n;
    }

    private String schemaUrl() throws Exception {
        String schema = "cs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(TestPostgres.url()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        schemas.add(schema);
        String url = TestPostgres.url();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
