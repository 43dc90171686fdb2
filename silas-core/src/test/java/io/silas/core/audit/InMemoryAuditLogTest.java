package io.silas.core.audit;

import java.time.Clock;

class InMemoryAuditLogTest extends AuditLogContract {
    @Override
    protected AuditLog newLog(Clock clock) {
        return AuditLog.inMemory(clock);
    }
}
