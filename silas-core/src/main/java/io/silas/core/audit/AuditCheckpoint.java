package io.silas.core.audit;

import java.time.Instant;

/** The head of the chain at a point in time; later verification starts after it. */
public record AuditCheckpoint(long seq, String hash, Instant at) {
}
