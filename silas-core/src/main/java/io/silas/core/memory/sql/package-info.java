/**
 * The memory store's rules for SQL storage, written once for every database backend: argument checks, the
 * locked read-check-rewrite of update and delete, listings, and keyword search result assembly (per keyword the
 * newest candidates, ranked by how many keywords matched). Each backend keeps only its insert, rewrite and
 * full-text candidate query.
 */
@NullMarked
package io.silas.core.memory.sql;

import org.jspecify.annotations.NullMarked;
