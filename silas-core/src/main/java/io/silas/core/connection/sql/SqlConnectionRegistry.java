package io.silas.core.connection.sql;

import io.silas.core.connection.Connection;
import io.silas.core.connection.ConnectionRegistry;
import io.silas.core.connection.ConnectionStatus;
import io.silas.core.connection.CredentialRefs;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.sql.SqlRows;
import io.silas.core.sql.SqlTransactions;
import java.util.List;
import java.util.Optional;

/**
 * {@link ConnectionRegistry} in {@code connections}: the record as JSON plus status and domain columns, and the
 * {@link CredentialRefs} as JSON in {@code credential_refs} (written only by {@link #saveCredentialRefs}).
 *
 * <p><b>Security guarantees.</b> Saving reads the stored record with the backend's locking read and upserts in
 * the same write transaction, so no concurrent save can slip a change of a write-once field (such as
 * {@code initial_permissions}) past {@link ConnectionRegistry#requireReplaceable}.
 */
public abstract class SqlConnectionRegistry implements ConnectionRegistry {
    /** Reads one stored record by {@code connection_id}. */
    protected static final String SELECT_ONE = "SELECT record FROM connections WHERE connection_id = ?";
    private static final String UPSERT = "INSERT INTO connections(connection_id, status, domain, record) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (connection_id) DO UPDATE SET status = excluded.status, "
            + "domain = excluded.domain, record = excluded.record";

    private final SqlTransactions db;
    private final String lockedRead;

    /**
     * A registry over the backend's transactions.
     *
     * @param lockedRead the read of the stored record that {@code save} checks: {@link #SELECT_ONE} where the
     *     backend runs one writer at a time, else that statement with a row lock
     * @param db the db
     */
    protected SqlConnectionRegistry(SqlTransactions db, String lockedRead) {
        this.db = db;
        this.lockedRead = lockedRead;
    }

    @Override
    public final void save(Connection connection) {
        if (connection == null) {
            throw SilasException.invalid("connection", "must not be null");
        }
        String json = Json.write(connection);
        db.write(rows -> {
            rows.one(Connection.class, lockedRead, connection.connectionId())
                    .ifPresent(stored -> ConnectionRegistry.requireReplaceable(stored, connection));
            return rows.update(UPSERT, connection.connectionId(), SqlRows.wire(connection.status()),
                    connection.domain(), json);
        });
    }

    @Override
    public final Optional<Connection> get(String connectionId) {
        ConnectionRegistry.requireText(connectionId, "connection_id");
        return db.read(rows -> rows.one(Connection.class, SELECT_ONE, connectionId));
    }

    @Override
    public final List<Connection> list() {
        return db.read(rows -> rows.list(Connection.class, "SELECT record FROM connections ORDER BY seq"));
    }

    @Override
    public final List<Connection> listByStatus(ConnectionStatus status) {
        if (status == null) {
            throw SilasException.invalid("status", "must not be null");
        }
        return db.read(rows -> rows.list(Connection.class,
                "SELECT record FROM connections WHERE status = ? ORDER BY seq", SqlRows.wire(status)));
    }

    @Override
    public final List<Connection> listByDomain(String domain) {
        ConnectionRegistry.requireText(domain, "domain");
        return db.read(rows -> rows.list(Connection.class,
                "SELECT record FROM connections WHERE domain = ? ORDER BY seq", domain));
    }

    @Override
    public final boolean delete(String connectionId) {
        ConnectionRegistry.requireText(connectionId, "connection_id");
        return db.write(rows -> rows.update("DELETE FROM connections WHERE connection_id = ?", connectionId)) == 1;
    }

    @Override
    public final void saveCredentialRefs(String connectionId, CredentialRefs refs) {
        ConnectionRegistry.requireText(connectionId, "connection_id");
        if (refs == null) {
            throw SilasException.invalid("credential_refs", "must not be null");
        }
        String json = Json.write(refs);
        if (db.write(rows -> rows.update("UPDATE connections SET credential_refs = ? WHERE connection_id = ?", json,
                connectionId)) != 1) {
            throw SilasException.invalid("connection_id", "unknown connection");
        }
    }

    @Override
    public final Optional<CredentialRefs> credentialRefs(String connectionId) {
        ConnectionRegistry.requireText(connectionId, "connection_id");
        return db.read(rows -> rows.one(CredentialRefs.class, "SELECT credential_refs FROM connections "
                + "WHERE connection_id = ? AND credential_refs IS NOT NULL", connectionId));
    }
}
