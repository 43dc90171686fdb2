package io.silas.sqlite;

import io.silas.core.approval.ApprovalEngineContract;
import io.silas.core.audit.AuditLog;
import io.silas.core.trust.NonceStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** {@link ApprovalEngineContract} over the SQLite nonce store and audit log (real database files). */
class SqliteApprovalEngineTest extends ApprovalEngineContract {
    @TempDir
    Path dir;

    private final List<SqliteStores> opened = new ArrayList<>();

    @Override
    protected NonceStore newNonceStore() {
        return open("nonces.db", Clock.systemUTC()).nonceStore();
    }

    @Override
    protected AuditLog newAuditLog(Clock auditClock) {
        return open("audit.db", auditClock).auditLog();
    }

    private SqliteStores open(String file, Clock clock) {
        SqliteStores stores = SqliteStores.open(dir.resolve(file), clock);
        opened.add(stores);
        return stores;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(SqliteStores::close);
    }
}
