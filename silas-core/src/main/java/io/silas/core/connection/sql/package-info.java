/**
 * The connection registry's rules for SQL storage, written once for every database backend: argument checks, the
 * {@code connections} statements the dialects share, and the write-once check on save inside the write. Each
 * backend keeps only how it locks the stored row for that check.
 */
@NullMarked
package io.silas.core.connection.sql;

import org.jspecify.annotations.NullMarked;
