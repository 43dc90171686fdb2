/**
 * SQLite implementations of the SDK's stores over one database file, opened as a bundle with
 * {@link io.silas.core.store.sqlite.SqliteStores#open}. Feature packages never import this package; hosts
 * hand the stores from the bundle to the components that need them.
 *
 * <p>Adding a store: write the next numbered migration ({@code V<n>__<name>.sql} under
 * {@code io/silas/core/store/sqlite/migrations/}, listed in {@code Migrations.FILES}), a package-private
 * class implementing the feature interface on top of {@code Database.write/read}, and an accessor on
 * {@code SqliteStores}; run the feature's contract suite against it.
 */
package io.silas.core.store.sqlite;
