package io.silas.postgres;

import io.silas.core.audit.AuditLog;
import io.silas.core.audit.AuditLogContract;
import io.silas.core.audit.AuditSeal;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class PgAuditLogTest extends AuditLogContract {
    private final PgTestDatabase db = new PgTestDatabase();

    @Override
    protected AuditLog newLog(Clock clock) {
        return db.open(clock).auditLog();
    }

    @Override
    protected AuditLog newSealedLog(Clock clock, AuditSeal seal) {
        return db.open(clock, seal).auditLog();
    }

    @AfterEach
    void closeDatabase() throws Exception {
        db.close();
    }
}
