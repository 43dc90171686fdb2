package io.silas.core.connection;

import io.silas.core.error.SilasException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** {@link ConnectionRegistry} in an insertion-ordered map guarded by the instance lock (records are immutable). */
final class InMemoryConnectionRegistry implements ConnectionRegistry {
    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private final Map<String, CredentialRefs> credentials = new HashMap<>();

    @Override
    public synchronized void save(Connection connection) {
        if (connection == null) {
            throw SilasException.invalid("connection", "must not be null");
        }
        Connection stored = connections.get(connection.connectionId());
        if (stored != null) {
            ConnectionRegistry.requireReplaceable(stored, connection);
        }
        connections.put(connection.connectionId(), connection);
    }

    @Override
    public synchronized Optional<Connection> get(String connectionId) {
        return Optional.ofNullable(connections.get(ConnectionRegistry.requireText(connectionId, "connection_id")));
    }

    @Override
    public List<Connection> list() {
        return select(c -> true);
    }

    @Override
    public List<Connection> listByStatus(ConnectionStatus status) {
        if (status == null) {
            throw SilasException.invalid("status", "must not be null");
        }
        return select(c -> c.status() == status);
    }

    @Override
    public List<Connection> listByDomain(String domain) {
        ConnectionRegistry.requireText(domain, "domain");
        return select(c -> c.domain().equals(domain));
    }

    @Override
    public synchronized boolean delete(String connectionId) {
        credentials.remove(ConnectionRegistry.requireText(connectionId, "connection_id"));
        return connections.remove(connectionId) != null;
    }

    @Override
    public synchronized void saveCredentialRefs(String connectionId, CredentialRefs refs) {
        if (refs == null) {
            throw SilasException.invalid("credential_refs", "must not be null");
        }
        if (!connections.containsKey(ConnectionRegistry.requireText(connectionId, "connection_id"))) {
            throw SilasException.invalid("connection_id", "unknown connection");
        }
        credentials.put(connectionId, refs);
    }

    @Override
    public synchronized Optional<CredentialRefs> credentialRefs(String connectionId) {
        return Optional.ofNullable(credentials.get(ConnectionRegistry.requireText(connectionId, "connection_id")));
    }

    private synchronized List<Connection> select(Predicate<Connection> filter) {
        return connections.values().stream().filter(filter).toList();
    }
}
