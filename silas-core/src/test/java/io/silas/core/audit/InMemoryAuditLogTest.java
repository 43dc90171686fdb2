package io.silas.core.audit;

import java.time.Clock;

class InMemoryAuditLogTest extends AuditLogContract {
    @Override
    protected AuditLog newLog(Clock clock) {
        return AuditLog.inMemory(clock);
    }

    @Override
    protected AuditLog newSealedLog(Clock clock, AuditSeal seal) {
        return AuditLog.inMemory(clock, seal);
    }
}
