/**
 * Every store on PostgreSQL (schema migrations, pooled connections, full-text memory search, one audit chain and one
 * inbox shared across JVMs), entered through {@link io.silas.postgres.PostgresStores}.
 */
@NullMarked
package io.silas.postgres;

import org.jspecify.annotations.NullMarked;
