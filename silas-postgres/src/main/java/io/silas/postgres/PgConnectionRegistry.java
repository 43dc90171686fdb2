package io.silas.postgres;

import io.silas.core.connection.Connection;
import io.silas.core.connection.ConnectionRegistry;
import io.silas.core.connection.ConnectionStatus;
import io.silas.core.connection.CredentialRefs;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.util.List;
import java.util.Optional;

/**
 * {@link ConnectionRegistry} in {@code connections}. Saving locks the stored row while it checks the write-once
 * fields, so two JVMs can never race an {@code initial_permissions} change past the check.
 */
final class PgConnectionRegistry implements ConnectionRegistry {
    private static final String UPSERT = "INSERT INTO connections(connection_id, status, domain, record) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (connection_id) DO UPDATE SET status = excluded.status, "
            + "domain = excluded.domain, record = excluded.record";
    private static final String SELECT_ONE = "SELECT record FROM connections WHERE connection_id = ?";

    private final PgDatabase db;

    PgConnectionRegistry(PgDatabase db) {
        this.db = db;
    }

    @Override
    public void save(Connection connection) {
        if (connection == null) {
            throw SilasException.invalid("connection", "must not be null");
        }
        String json = Json.write(connection);
        db.write(c -> {
            Sql.one(c, Connection.class, SELECT_ONE + " FOR UPDATE", connection.connectionId())
                    .ifPresent(stored -> ConnectionRegistry.requireReplaceable(stored, connection));
            return Sql.update(c, UPSERT, connection.connectionId(), Sql.wire(connection.status()),
                    connection.domain(), json);
        });
    }

    @Override
    public Optional<Connection> get(String connectionId) {
        ConnectionRegistry.requireText(connectionId, "connection_id");
        return db.read(c -> Sql.one(c, Connection.class, SELECT_ONE, connectionId));
    }

    @Override
    public List<Connection> list() {
        return db.read(c -> Sql.list(c, Connection.class, "SELECT record FROM connections ORDER BY seq"));
    }

    @Override
    public List<Connection> listByStatus(ConnectionStatus status) {
        if (status == null) {
            throw SilasException.invalid("status", "must not be null");
        }
        return db.read(c -> Sql.list(c, Connection.class,
                "SELECT record FROM connections WHERE status = ? ORDER BY seq", Sql.wire(status)));
    }

    @Override
    public List<Connection> listByDomain(String domain) {
        ConnectionRegistry.requireText(domain, "domain");
        return db.read(c -> Sql.list(c, Connection.class,
                "SELECT record FROM connections WHERE domain = ? ORDER BY seq", domain));
    }

    @Override
    public boolean delete(String connectionId) {
        ConnectionRegistry.requireText(connectionId, "connection_id");
        return db.write(c -> Sql.update(c, "DELETE FROM connections WHERE connection_id = ?", connectionId)) == 1;
    }

    @Override
    public void saveCredentialRefs(String connectionId, CredentialRefs refs) {
        ConnectionRegistry.requireText(connectionId, "connection_id");
        if (refs == null) {
            throw SilasException.invalid("credential_refs", "must not be null");
        }
        String json = Json.write(refs);
        if (db.write(c -> Sql.update(c, "UPDATE connections SET credential_refs = ? WHERE connection_id = ?", json,
                connectionId)) != 1) {
            throw SilasException.invalid("connection_id", "unknown connection");
        }
    }

    @Override
    public Optional<CredentialRefs> credentialRefs(String connectionId) {
        ConnectionRegistry.requireText(connectionId, "connection_id");
        return db.read(c -> Sql.one(c, CredentialRefs.class, "SELECT credential_refs FROM connections "
                + "WHERE connection_id = ? AND credential_refs IS NOT NULL", connectionId));
    }
}
