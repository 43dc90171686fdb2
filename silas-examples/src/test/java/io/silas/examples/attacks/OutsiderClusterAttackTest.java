package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.error.ErrorCode;
import io.silas.examples.TestPostgres;
import io.silas.examples.stream.StreamJvms;
import io.silas.postgres.PostgresStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits (docs/contracts.md#admission-and-rate-limits) against an outsider who spreads a flood over the JVMs of
 * a cluster: three JVMs, each running a real Stream on one PostgreSQL database with its buckets in
 * {@code PostgresStores.sharedBuckets()}, must admit a scope's per-minute limit once for the whole cluster, not once
 * per JVM. Every refused message is answered {@code ADMISSION_RATE_LIMITED} and audited as a security event.
 */
class OutsiderClusterAttackTest {
    private static final int JVMS = 3;

    private final StreamJvms jvms = new StreamJvms();
    private String schema;

    @AfterEach
    void cleanUp() throws Exception {
        jvms.close();
        try (Connection c = DriverManager.getConnection(TestPostgres.url()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void floodOfOneScopeSpreadOverThreeJvms_getsTheLimitOnce() throws Exception {
        schema = "attack_flood_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(TestPostgres.url()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String url = TestPostgres.url() + (TestPostgres.url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        PostgresStores.open(url, Clock.systemUTC()).close(); // migrate once, before the JVMs race
        int limit = 10;
        List<StreamJvms.Child> children = new ArrayList<>();
        for (int j = 0; j < JVMS; j++) {
            children.add(jvms.start(url, "node-" + j, String.valueOf(limit))); // fixed clock: no refill
        }
        jvms.await("three ready Streams", () -> jvms.lines("ready").size() == JVMS);

        int sent = limit * JVMS; // each JVM alone would admit all of its share
        for (int k = 0; k < sent; k++) {
            children.get(k % JVMS).command("send conn-0 " + k);
        }
        jvms.await("every message's outcome", () -> jvms.lines("result").size() + jvms.lines("failed").size() == sent);

        assertThat(jvms.lines("result")).as("turns run across the cluster").hasSize(limit);
        assertThat(jvms.lines("failed")).hasSize(sent - limit)
                .allSatisfy(line -> assertThat(line).endsWith(" " + ErrorCode.ADMISSION_RATE_LIMITED.id()));
        for (StreamJvms.Child child : children) {
            child.command("quit");
        }
        jvms.await("every JVM's exit", () -> jvms.lines("exit").size() == JVMS);
        try (PostgresStores stores = PostgresStores.open(url, Clock.systemUTC())) {
            assertThat(stores.auditLog().findByEvent("rate_limited")).hasSize(sent - limit);
        }
    }
}
