package io.silas.core.connection;

import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The registry as the connection manager's parts use it: current records, their owner scope and credential refs. */
final class RegisteredConnections {
    private final ConnectionRegistry registry;

    RegisteredConnections(ConnectionRegistry registry) {
        this.registry = registry;
    }

    /** The registered connection; {@code INVALID_INPUT} for a blank or unknown id. */
    Connection current(String connectionId) {
        Checks.nonBlank(connectionId, "connection_id");
        return registry.get(connectionId).orElseThrow(() -> SilasException.invalid("connection_id",
                "unknown connection"));
    }

    Optional<Connection> find(String connectionId) {
        return registry.get(connectionId);
    }

    List<Connection> list() {
        return registry.list();
    }

    List<Connection> active() {
        return registry.listByStatus(ConnectionStatus.ACTIVE);
    }

    void save(Connection connection) {
        registry.save(connection);
    }

    void saveRefs(String connectionId, CredentialRefs refs) {
        registry.saveCredentialRefs(connectionId, refs);
    }

    /** The {@code CREDENTIAL_REF_*} environment saved for the connection (none for records saved without refs). */
    Map<String, String> refsOf(String connectionId) {
        return registry.credentialRefs(connectionId).map(CredentialRefs::refs).orElse(Map.of());
    }

    /** The scope that owns the connection; records saved without refs fall back to their domain tag. */
    String ownerScope(Connection connection) {
        return registry.credentialRefs(connection.connectionId()).map(CredentialRefs::scopeId)
                .orElse(connection.domain());
    }

    /** An enum as written in audit entries: its name in lower case. */
    static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
