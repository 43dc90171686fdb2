package io.silas.sqlite;

import io.silas.core.connection.Connection;
import io.silas.core.connection.ConnectionRegistry;
import io.silas.core.connection.ConnectionStatus;
import io.silas.core.connection.CredentialRefs;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.util.List;
import java.util.Optional;

/**
 * {@link ConnectionRegistry} in {@code connections}: the record as JSON plus status and domain columns, and the
 * {@link CredentialRefs} as JSON in {@code credential_refs} (written only by {@link #saveCredentialRefs}).
 * Saving reads the stored record and upserts in one transaction, so the write-once check cannot race.
 */
final class SqliteConnectionRegistry implements ConnectionRegistry {
    private static final String UPSERT = "INSERT INTO connections(connection_id, status, domain, record) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT(connection_id) DO UPDATE SET status = excluded.status, "
            + "domain = excluded.domain, record = excluded.record";
    private static final String SELECT_ONE = "SELECT record FROM connections WHERE connection_id = ?";

    private final Database db;

    SqliteConnectionRegistry(Database db) {
        this.db = db;
    }

    @Override
    public void save(Connection connection) {
        if (connection == null) {
            throw SilasException.invalid("connection", "must not be null");
        }
        String json = Json.write(connection);
        db.write(s -> {
            Rows.one(s, Connection.class, SELECT_ONE, connection.connectionId())
                    .ifPresent(stored -> ConnectionRegistry.requireReplaceable(stored, connection));
            return Rows.update(s, UPSERT, connection.connectionId(), Rows.wire(connection.status()),
                    connection.domain(), json);
        });
    }

    @Override
    public Optional<Connection> get(String connectionId) {
        ConnectionRegistry.requireText(connectionId, "connection_id");
        return db.read(s -> Rows.one(s, Connection.class, SELECT_ONE, connectionId));
    }

    @Override
    public List<Connection> list() {
        return db.read(s -> Rows.list(s, Connection.class, "SELECT record FROM connections ORDER BY seq"));
    }

    @Override
    public List<Connection> listByStatus(ConnectionStatus status) {
        if (status == null) {
            throw SilasException.invalid("status", "must not be null");
        }
        return db.read(s -> Rows.list(s, Connection.class,
                "SELECT record FROM connections WHERE status = ? ORDER BY seq", Rows.wire(status)));
    }

    @Override
    public List<Connection> listByDomain(String domain) {
        ConnectionRegistry.requireText(domain, "domain");
        return db.read(s -> Rows.list(s, Connection.class,
                "SELECT record FROM connections WHERE domain = ? ORDER BY seq", domain));
    }

    @Override
    public void saveCredentialRefs(String connectionId, CredentialRefs refs) {
        ConnectionRegistry.requireText(connectionId, "connection_id");
        if (refs == null) {
            throw SilasException.invalid("credential_refs", "must not be null");
        }
        String json = Json.write(refs);
        int updated = db.write(s -> Rows.update(s,
                "UPDATE connections SET credential_refs = ? WHERE connection_id = ?", json, connectionId));
        if (updated != 1) {
            throw SilasException.invalid("connection_id", "unknown connection");
        }
    }

    @Override
    public Optional<CredentialRefs> credentialRefs(String connectionId) {
        ConnectionRegistry.requireText(connectionId, "connection_id");
        return db.read(s -> Rows.one(s, CredentialRefs.class, "SELECT credential_refs FROM connections "
                + "WHERE connection_id = ? AND credential_refs IS NOT NULL", connectionId));
    }

    @Override
    public boolean delete(String connectionId) {
        ConnectionRegistry.requireText(connectionId, "connection_id");
        return db.write(s -> Rows.update(s, "DELETE FROM connections WHERE connection_id = ?", connectionId)) == 1;
    }
}
