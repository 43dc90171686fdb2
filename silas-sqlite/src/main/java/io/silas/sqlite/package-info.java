/**
 * SQLite implementations of the SDK's stores over one database file, opened as a bundle with
 * {@link io.silas.sqlite.SqliteStores#open}: the embedded default, in its own module so {@code silas-core} carries no
 * JDBC driver. Feature packages never import this package; hosts hand the stores from the bundle to the components
 * that need them.
 *
 * <p>Adding a store: write the next numbered migration ({@code V<n>__<name>.sql} under
 * {@code io/silas/sqlite/migrations/}, listed in {@code Migrations.FILES}), a package-private
 * class implementing the feature interface on top of {@code Database.write/read}, and an accessor on
 * {@code SqliteStores}; run the feature's contract suite (from {@code silas-core}'s test-jar) against it.
 */
@NullMarked
package io.silas.sqlite;

import org.jspecify.annotations.NullMarked;
