/**
 * The append-only, hash-chained audit log, its checkpoints and the signed seal that anchors them outside the storage,
 * plus {@link io.silas.core.audit.AuditData} for the standard keys of an entry.
 */
@NullMarked
package io.silas.core.audit;

import org.jspecify.annotations.NullMarked;
