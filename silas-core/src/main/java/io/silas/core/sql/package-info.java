/**
 * The statement handle every SQL store backend lends to the shared store logic: one transaction's statements over
 * tables that keep each record as JSON in one column ({@link io.silas.core.sql.SqlRows}), and read/write
 * transactions ({@link io.silas.core.sql.SqlTransactions}). The stores' rules are written once against these
 * interfaces (the {@code *.sql} packages); each backend keeps only its dialect's SQL and locking. Uses only the
 * {@code java.sql} interfaces; no JDBC driver.
 */
@NullMarked
package io.silas.core.sql;

import org.jspecify.annotations.NullMarked;
