package io.silas.sqlite;

import static io.silas.sqlite.OpenedStores.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.audit.AuditAnchor;
import io.silas.core.audit.AuditChain;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.audit.AuditLogContract;
import io.silas.core.audit.AuditSeal;
import io.silas.core.audit.ChainVerification;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.trust.SigningKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuditLogTest extends AuditLogContract {
    private static final String DROP_GUARDS =
            "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;";

    @TempDir
    Path dir;

    private OpenedStores stores;
    private SqliteStores last;

    @Override
    protected AuditLog newLog(Clock clock) {
        stores = new OpenedStores(dir);
        last = stores.fresh(clock);
        return last.auditLog();
    }

    @Override
    protected AuditLog newSealedLog(Clock clock, AuditSeal seal) {
        stores = new OpenedStores(dir);
        last = stores.fresh(clock, seal);
        return last.auditLog();
    }

    @AfterEach
    void closeStores() {
        stores.close();
    }

    /** A log with entries 1..n from a fresh bundle; {@link #last} points at its file. */
    private AuditLog logWith(int n) {
        AuditLog log = newLog(clock);
        for (int i = 1; i <= n; i++) {
            log.append("event_" + i, Map.of("i", i, "work_item_id", "task-" + i));
        }
        return log;
    }

    private void tamper(String... statements) {
        String[] all = new String[statements.length + 1];
        all[0] = DROP_GUARDS;
        System.arraycopy(statements, 0, all, 1, statements.length);
        sql(last.file(), all);
    }

    private static void assertBrokenAt(ChainVerification v, long seq) {
        assertThat(v.valid()).isFalse();
        assertThat(v.brokenAtSeq()).isEqualTo(seq);
        assertThat(v.reason()).isNotBlank();
    }

    @Test
    void tamper_editedData_detectedAtThatEntry() {
        AuditLog log = logWith(6);

        tamper("UPDATE audit_log SET data = '{\"i\":3,\"work_item_id\":\"task-999\"}' WHERE seq = 3");

        assertBrokenAt(log.verifyChain(), 3);
        assertThat(log.verifyChain().entriesChecked()).isEqualTo(2);
    }

    @Test
    void tamper_editedEventOrTime_detected() {
        AuditLog log = logWith(4);

        tamper("UPDATE audit_log SET event = 'harmless' WHERE seq = 2");
        assertBrokenAt(log.verifyChain(), 2);

        tamper("UPDATE audit_log SET event = 'event_2' WHERE seq = 2",
                "UPDATE audit_log SET at = '2020-01-01T00:00:00Z' WHERE seq = 4");
        assertBrokenAt(log.verifyChain(), 4);
    }

    @Test
    void tamper_deletedRow_detectedWhereItWasMissing() {
        AuditLog log = logWith(6);

        tamper("DELETE FROM audit_log WHERE seq = 3");

        ChainVerification v = log.verifyChain();
        assertBrokenAt(v, 3);
        assertThat(v.reason()).contains("expected seq 3");
    }

    @Test
    void tamper_insertedRowWithRecomputedHash_detectedAtTheShiftedSuccessor() {
        AuditLog log = logWith(5);
        AuditEntry second = log.read(2, 1).get(0);
        AuditEntry forgedUnsigned = new AuditEntry("forged", 3, Instant.parse("2026-02-01T10:00:00Z"), "approval_granted",
                Json.tree(Map.of("work_item_id", "evil")), second.hash(), "");
        String forgedHash = AuditChain.hashOf(forgedUnsigned);

        tamper("UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 3",
                "UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000",
                "INSERT INTO audit_log(seq, id, at, event, data, prev_hash, hash) VALUES (3, 'forged', "
                        + "'2026-02-01T10:00:00Z', 'approval_granted', '{\"work_item_id\":\"evil\"}', '"
                        + second.hash() + "', '" + forgedHash + "')");

        assertThat(log.size()).isEqualTo(6);
        assertBrokenAt(log.verifyChain(), 4);
    }

    @Test
    void tamper_rowAppendedWithoutValidHash_detectedAtTheEnd() {
        AuditLog log = logWith(3);

        tamper("INSERT INTO audit_log(seq, id, at, event, data, prev_hash, hash) VALUES (4, 'x', "
                + "'2026-02-01T10:00:00Z', 'approval_granted', '{}', '" + "0".repeat(64) + "', '" + "f".repeat(64) + "')");

        assertBrokenAt(log.verifyChain(), 4);
    }

    @Test
    void tamper_swappedSeqOfTwoRows_detected() {
        AuditLog log = logWith(6);

        tamper("UPDATE audit_log SET seq = -3 WHERE seq = 3",
                "UPDATE audit_log SET seq = 3 WHERE seq = 5",
                "UPDATE audit_log SET seq = 5 WHERE seq = -3");

        assertBrokenAt(log.verifyChain(), 3);
    }

    @Test
    void tamper_swappedContentOfTwoRows_detected() {
        AuditLog log = logWith(6);

        tamper("UPDATE audit_log SET data = (SELECT data FROM audit_log WHERE seq = 5), "
                        + "event = (SELECT event FROM audit_log WHERE seq = 5) WHERE seq = 2");

        assertBrokenAt(log.verifyChain(), 2);
    }

    @Test
    void tamper_unreadableData_reportedAsBrokenNotThrown() {
        AuditLog log = logWith(4);

        tamper("UPDATE audit_log SET data = 'not json' WHERE seq = 2");

        assertBrokenAt(log.verifyChain(), 2);
        assertThatThrownBy(() -> log.read(1, 10))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUDIT_CHAIN_BROKEN));
    }

    @Test
    void tamper_tailTruncatedBelowCheckpoint_detected() {
        AuditLog log = logWith(5);
        log.checkpoint();

        tamper("DELETE FROM audit_log WHERE seq >= 4");

        assertBrokenAt(log.verifyChain(), 5);
        assertBrokenAt(log.verifyFromCheckpoint(), 5);
    }

    @Test
    void tamper_beforeCheckpoint_notScannedByVerifyFromCheckpoint_butByVerifyChain() {
        AuditLog log = logWith(5);
        log.checkpoint();
        log.append("after");

        tamper("UPDATE audit_log SET data = '{}' WHERE seq = 2");

        assertThat(log.verifyFromCheckpoint().valid()).isTrue();
        assertBrokenAt(log.verifyChain(), 2);
    }

    @Test
    void tamper_afterCheckpoint_detectedByVerifyFromCheckpoint() {
        AuditLog log = logWith(3);
        log.checkpoint();
        log.append("a");
        log.append("b");

        tamper("UPDATE audit_log SET data = '{\"x\":1}' WHERE seq = 5");

        assertBrokenAt(log.verifyFromCheckpoint(), 5);
    }

    @Test
    void sqlUpdateOrDelete_refusedByAppendOnlyGuards() {
        logWith(2);

        assertThatThrownBy(() -> sql(last.file(), "UPDATE audit_log SET event = 'x' WHERE seq = 1"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql(last.file(), "DELETE FROM audit_log"))
                .hasMessageContaining("append-only");
    }

    @Test
    void entries_surviveReopen_andTheChainContinues() {
        Path file = dir.resolve("reopen.db");
        AuditEntry second;
        try (SqliteStores first = SqliteStores.open(file, clock)) {
            first.auditLog().append("a");
            second = first.auditLog().append("b", Map.of("k", List.of(1, 2)));
            first.auditLog().checkpoint();
        }

        try (SqliteStores again = SqliteStores.open(file, clock)) {
            AuditLog log = again.auditLog();
            assertThat(log.read(2, 1)).containsExactly(second);
            AuditEntry third = log.append("c");
            assertThat(third.seq()).isEqualTo(3);
            assertThat(third.prevHash()).isEqualTo(second.hash());
            assertThat(log.verifyChain().valid()).isTrue();
            assertThat(log.verifyFromCheckpoint().entriesChecked()).isEqualTo(1);
        }
    }

    @Test
    void entries_verifyIdenticallyInTheInMemoryChain() {
        AuditLog log = logWith(10);

        List<AuditEntry> entries = log.read(1, 10);

        assertThat(AuditChain.verify(entries.iterator(), 1, AuditChain.GENESIS).valid()).isTrue();
    }

    @Test
    void append_bigDecimalData_storedInTheFormThatVerifies() {
        AuditLog log = newLog(clock);

        log.append("amount", Map.of("usd", new java.math.BigDecimal("10.50"), "big", new java.math.BigDecimal("1E+3")));

        assertThat(log.verifyChain().valid()).isTrue();
        assertThat(log.read(1, 1).get(0).hash()).isEqualTo(AuditChain.hashOf(log.read(1, 1).get(0)));
    }

    @Test
    void sealed_checkpointFromBeforeV15_readableButNeverAStartingPoint() {
        AuditLog legacy = logWith(3);
        legacy.checkpoint();
        Path file = last.file();
        last.close();
        sql(file, "ALTER TABLE audit_checkpoints DROP COLUMN signature", "DELETE FROM schema_migrations WHERE version >= 15");
        AuditSeal seal = AuditSeal.of(SigningKeys.generate(), AuditAnchor.inMemory(), 1000);

        try (SqliteStores reopened = SqliteStores.open(file, clock, seal)) {
            AuditLog log = reopened.auditLog();

            assertThat(log.latestCheckpoint()).hasValueSatisfying(cp -> {
                assertThat(cp.seq()).isEqualTo(3);
                assertThat(cp.signed()).isFalse();
            });
            assertThat(log.verifyChain().valid()).isTrue();
            assertThat(log.verifyFromCheckpoint().entriesChecked()).isEqualTo(3);
        }
    }

    @Test
    void sealed_tailDeletedWhileOpen_detectedByTheAppendingProcess() {
        AuditLog log = newSealedLog(clock, AuditSeal.of(SigningKeys.generate(), AuditAnchor.inMemory(), 1000));
        for (int i = 0; i < 5; i++) {
            log.append("e", Map.of("i", i));
        }

        tamper("DELETE FROM audit_log WHERE seq > 3");

        assertBrokenAt(log.verifyChain(), 4);
        assertBrokenAt(log.verifyFromCheckpoint(), 4);
    }
}
