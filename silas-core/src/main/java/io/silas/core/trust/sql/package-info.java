/**
 * The nonce table's rules for SQL storage, written once for every database backend: the stored key of a binding
 * and the in-order, stop-at-first-refusal recording. Uses only the {@code java.sql} interfaces; no JDBC driver.
 */
@NullMarked
package io.silas.core.trust.sql;

import org.jspecify.annotations.NullMarked;
