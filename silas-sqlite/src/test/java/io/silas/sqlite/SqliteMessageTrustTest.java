package io.silas.sqlite;

import io.silas.core.audit.AuditLog;
import io.silas.core.channel.MessageTrustTest;
import io.silas.core.trust.NonceStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** {@link MessageTrustTest} over the SQLite nonce store and audit log (real database files). */
class SqliteMessageTrustTest extends MessageTrustTest {
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
