package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.audit.ChainVerification;
import io.silas.examples.TestPostgres;
import io.silas.postgres.PostgresStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Promise 7 (the audit log proves what happened) against the database writer, aimed at how JVMs of a cluster append
 * to the one chain on PostgreSQL: each JVM chains onto the head it last wrote and inserts optimistically, re-reading
 * the head only when the next number is taken. A writer who slips rows in or cuts rows out behind a running JVM's back
 * must not get a log that verifies, and the JVM's own later appends must neither fork nor hide the damage.
 */
class DatabaseWriterClusterAttackTest {
    private String schema;
    private String url;

    @BeforeEach
    void schema() throws SQLException {
        schema = "attack_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(TestPostgres.url()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        url = TestPostgres.url() + (TestPostgres.url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.url()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void forgedRowInsertedAtTheNextNumber_whileAJvmAppends_itsLaterAppendsDoNotHideIt() {
        try (PostgresStores jvm = open()) {
            AuditLog log = jvm.auditLog();
            for (int i = 0; i < 20; i++) {
                log.append("tool_call", Map.of("i", i));
            }
            sql("INSERT INTO audit_log(seq, id, at, event, data, prev_hash, hash) SELECT 21, 'forged', "
                    + "'2026-01-01T00:00:00Z', 'owner_approved', '{}', hash, repeat('0', 64) FROM audit_log "
                    + "WHERE seq = 20");
            for (int i = 20; i < 40; i++) {
                log.append("tool_call", Map.of("i", i)); // the first one meets the forged row at number 21
            }

            assertThat(log.findByEvent("tool_call")).extracting(AuditEntry::seq).doesNotContain(21L)
                    .doesNotHaveDuplicates().hasSize(40);
            try (PostgresStores next = open()) {
                ChainVerification chain = next.auditLog().verifyChain();
                assertThat(chain.valid()).as("a forged row in the chain must not verify").isFalse();
            }
        }
    }

    @Test
    void tailCutBehindARunningJvm_itsNextAppendDoesNotPaperOverTheGap() {
        try (PostgresStores jvm = open()) {
            AuditLog log = jvm.auditLog();
            for (int i = 0; i < 30; i++) {
                log.append("tool_call", Map.of("i", i));
            }
            sql("ALTER TABLE audit_log DISABLE TRIGGER USER", "DELETE FROM audit_log WHERE seq > 25");
            log.append("tool_call", Map.of("i", 30)); // chained onto the head this JVM wrote: number 31

            try (PostgresStores next = open()) {
                ChainVerification chain = next.auditLog().verifyChain();
                assertThat(chain.valid()).as("five entries cut out must not verify").isFalse();
            }
            assertThat(log.verifyChain().valid()).isFalse();
        }
    }

    private PostgresStores open() {
        return PostgresStores.builder().jdbcUrl(url).poolSize(2).clock(Clock.systemUTC()).open();
    }

    private void sql(String... statements) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
