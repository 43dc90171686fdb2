package io.silas.core.audit;

import java.util.Optional;

/** {@link AuditAnchor} holding the newest checkpoint in memory. */
final class InMemoryAuditAnchor implements AuditAnchor {
    private AuditCheckpoint newest;

    @Override
    public synchronized void append(AuditCheckpoint signed) {
        if (newest == null || signed.seq() >= newest.seq()) {
            newest = signed;
        }
    }

    @Override
    public synchronized Optional<AuditCheckpoint> newest() {
        return Optional.ofNullable(newest);
    }
}
