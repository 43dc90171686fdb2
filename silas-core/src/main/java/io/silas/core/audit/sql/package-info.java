/**
 * The audit log's rules for SQL storage, written once for every database backend: decoding {@code audit_log} and
 * {@code audit_checkpoints} rows, streaming chain verification over a result set and the checkpoint/anchor checks
 * around it. Uses only the {@code java.sql} interfaces; no JDBC driver.
 */
@NullMarked
package io.silas.core.audit.sql;

import org.jspecify.annotations.NullMarked;
