package io.silas.core.observe;

import io.silas.core.audit.AuditCheckpoint;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.audit.ChainVerification;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An audit log that counts its appends; everything else is the wrapped log's. */
final class ObservedAuditLog implements AuditLog {
    private final AuditLog log;
    private final SilasObserver observer;

    ObservedAuditLog(AuditLog log, SilasObserver observer) {
        this.log = log;
        this.observer = observer;
    }

    @Override
    public AuditEntry append(String event, Map<String, ?> data) {
        AuditEntry entry = log.append(event, data);
        observer.count(SilasMeter.AUDIT_APPENDS, null);
        return entry;
    }

    @Override
    public ChainVerification verifyChain() {
        return log.verifyChain();
    }

    @Override
    public AuditCheckpoint checkpoint() {
        return log.checkpoint();
    }

    @Override
    public Optional<AuditCheckpoint> latestCheckpoint() {
        return log.latestCheckpoint();
    }

    @Override
    public ChainVerification verifyFromCheckpoint() {
        return log.verifyFromCheckpoint();
    }

    @Override
    public List<AuditEntry> read(long fromSeq, int limit) {
        return log.read(fromSeq, limit);
    }

    @Override
    public List<AuditEntry> findByEvent(String event) {
        return log.findByEvent(event);
    }

    @Override
    public long size() {
        return log.size();
    }
}
