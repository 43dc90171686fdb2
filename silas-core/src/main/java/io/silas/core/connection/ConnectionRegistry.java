package io.silas.core.connection;

import io.silas.core.error.SilasException;
import java.util.List;
import java.util.Optional;

/**
 * The registry of managed service connections (docs/contracts.md#connections {@code list_connections}): one
 * {@link Connection} record per {@code connection_id}, saved after setup, health checks, refreshes and
 * permission changes, and read back on restart to health-check the connections that active goals depend on.
 *
 * <p><b>Order.</b> Lists return records in the order they were first saved; saving again keeps the place.
 *
 * <p><b>Errors.</b> Null arguments and blank ids are {@code INVALID_INPUT}. Saving a record whose
 * {@code initial_permissions} or {@code created_at} differ from the stored record of the same id is
 * {@code INVALID_INPUT} and changes nothing. Durable implementations may also throw the {@code DB_*} codes.
 *
 * <p><b>Security guarantees:</b> the registry holds metadata and secret-store refs ({@link CredentialRefs}) only;
 * credential values stay in the secret store.
 * The first-setup permission snapshot ({@code initial_permissions}) is write-once, so an escalation can
 * never rewrite what the user originally granted.
 *
 * <p>Implementations are thread-safe; each call is atomic.
 */
public interface ConnectionRegistry {
    /**
     * Persists the record, replacing the stored record with the same id (whose snapshot must match).
     *
     * @param connection the connection
     */
    void save(Connection connection);

    /**
     * {@return the record with this id, if any}
     *
     * @param connectionId the connection
     */
    Optional<Connection> get(String connectionId);

    /** {@return every record} */
    List<Connection> list();

    /**
     * {@return the records in the status}
     *
     * @param status how the call ended
     */
    List<Connection> listByStatus(ConnectionStatus status);

    /**
     * {@return the records tagged with the domain (e.g. {@code personal}, {@code business:acme})}
     *
     * @param domain domain tag, e.g. {@code personal}, {@code business:acme}
     */
    List<Connection> listByDomain(String domain);

    /**
     * Removes the record and its credential refs; returns whether it existed.
     *
     * @param connectionId the connection
     * @return whether it holds
     */
    boolean delete(String connectionId);

    /**
     * Replaces the {@link CredentialRefs} of a registered connection (saving the record again keeps them).
     *
     * @param connectionId the connection
     * @param refs {@code CREDENTIAL_REF_<NAME>} to secret-store ref; sorted by name
     * @throws SilasException {@code INVALID_INPUT} when no record with this id exists (nothing is written)
     */
    void saveCredentialRefs(String connectionId, CredentialRefs refs);

    /**
     * {@return the credential refs of the connection; empty when it is unknown or none were saved}
     *
     * @param connectionId the connection
     */
    Optional<CredentialRefs> credentialRefs(String connectionId);

    /** {@return a thread-safe in-memory registry (lost on restart; for tests and ephemeral hosts)} */
    static ConnectionRegistry inMemory() {
        return new InMemoryConnectionRegistry();
    }

    /**
     * Checks that {@code replacement} may overwrite {@code stored}: the write-once fields are unchanged.
     * Shared by implementations so that they reject alike.
     *
     * @param stored the checkpoints stored in the log, in any order
     * @param replacement the replacement
     */
    static void requireReplaceable(Connection stored, Connection replacement) {
        if (!stored.initialPermissions().equals(replacement.initialPermissions())) {
            throw SilasException.invalid("initial_permissions", "is the first-setup snapshot and cannot change");
        }
        if (!stored.createdAt().equals(replacement.createdAt())) {
            throw SilasException.invalid("created_at", "cannot change once the connection is registered");
        }
    }

    /**
     * Validates an id or domain argument and returns it; null or blank is {@code INVALID_INPUT}.
     *
     * @param value the new value
     * @param field the field the problem is in
     * @return the string
     */
    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw SilasException.invalid(field, "must not be blank");
        }
        return value;
    }
}
