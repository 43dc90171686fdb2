/**
 * The work-item table's rules for SQL storage, written once for every database backend: argument checks and the
 * read-change-rewrite steps (status, compare-and-set, token). Each backend keeps only its SQL and locking.
 */
@NullMarked
package io.silas.core.work.sql;

import org.jspecify.annotations.NullMarked;
