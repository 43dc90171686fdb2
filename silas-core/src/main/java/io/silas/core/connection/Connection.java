package io.silas.core.connection;

import static io.silas.core.error.Checks.list;
import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.SilasException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A managed service connection as kept by the connection registry (docs/contracts.md#connections), immutable. Lifecycle
 * changes produce copies through the {@code withX} methods, which never touch
 * {@code initial_permissions} (the audit snapshot of the first setup).
 *
 * <p>{@code connection_id} lives in its own namespace and must never reuse a channel session id. Beyond the basic
 * fields, the record keeps {@code created_at} and {@code last_used} (the dormancy rule of docs/contracts.md#connections
 * needs to know whether the connection was used in the last 30 days).
 *
 * <p>Security guarantees: the record holds no credential, only expiry metadata; {@code skill_name} is a flat
 * name ({@code [A-Za-z0-9][A-Za-z0-9_-]{0,127}}) so it can never address a path outside the skills
 * directory. Permission tiers steer UX friction only; every action still needs a signed approval.
 *
 * @param connectionId unique service-connection id
 * @param name human-readable label, e.g. "Outlook — user@example.com"
 * @param domain domain tag, e.g. {@code personal}, {@code business:acme}
 * @param skillName the connection skill
 * @param authStrategy how the connection authenticates
 * @param permissions granted Silas-level permission tiers
 * @param permissionsGranted service-level scopes actually granted
 * @param permissionsAvailable service scopes available but not yet requested
 * @param initialPermissions scopes granted at first setup (never changed)
 * @param status lifecycle state
 * @param healthCheck cron expression for health checks
 * @param createdAt when the record was created
 * @param tokenExpiresAt when the current access token expires, if known
 * @param refreshTokenExpiresAt when the refresh token expires, if known
 * @param lastHealthCheck time of the last successful health check
 * @param lastRefresh time of the last token refresh
 * @param lastUsed time the connection was last used by work
 */
public record Connection(
        String connectionId,
        String name,
        String domain,
        String skillName,
        AuthStrategy authStrategy,
        List<ConnectionPermission> permissions,
        List<String> permissionsGranted,
        List<String> permissionsAvailable,
        List<String> initialPermissions,
        ConnectionStatus status,
        String healthCheck,
        Instant createdAt,
        @Nullable Instant tokenExpiresAt,
        @Nullable Instant refreshTokenExpiresAt,
        @Nullable Instant lastHealthCheck,
        @Nullable Instant lastRefresh,
        @Nullable Instant lastUsed) {

    private static final Pattern SKILL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param connectionId          unique service-connection id
     * @param name                  human-readable label, e.g. "Outlook — user
     * @param domain                domain tag, e.g. {
     * @param skillName             the connection skill
     * @param authStrategy          how the connection authenticates
     * @param permissions           granted Silas-level permission tiers
     * @param permissionsGranted    service-level scopes actually granted
     * @param permissionsAvailable  service scopes available but not yet requested
     * @param initialPermissions    scopes granted at first setup (never changed)
     * @param status                lifecycle state
     * @param healthCheck           cron expression for health checks
     * @param createdAt             when the record was created
     * @param tokenExpiresAt        when the current access token expires, if known
     * @param refreshTokenExpiresAt when the refresh token expires, if known
     * @param lastHealthCheck       time of the last successful health check
     * @param lastRefresh           time of the last token refresh
     * @param lastUsed              time the connection was last used by work /
public
     */
    public Connection {
        nonBlank(connectionId, "connection_id");
        nonBlank(name, "name");
        nonBlank(domain, "domain");
        nonBlank(skillName, "skill_name");
        if (!SKILL_NAME.matcher(skillName).matches()) {
            throw SilasException.invalid("skill_name", "must be a flat skill name [A-Za-z0-9][A-Za-z0-9_-]{0,127}");
        }
        nonNull(authStrategy, "auth_strategy");
        permissions = list(permissions, "permissions");
        permissionsGranted = list(permissionsGranted, "permissions_granted");
        permissionsAvailable = list(permissionsAvailable, "permissions_available");
        initialPermissions = list(initialPermissions, "initial_permissions");
        nonNull(status, "status");
        nonBlank(healthCheck, "health_check");
        nonNull(createdAt, "created_at");
    }

    /**
     * {@return a copy in another lifecycle state}
     *
     * @param newStatus the new status
     */
    public Connection withStatus(ConnectionStatus newStatus) {
        return new Connection(connectionId, name, domain, skillName, authStrategy, permissions, permissionsGranted,
                permissionsAvailable, initialPermissions, newStatus, healthCheck, createdAt, tokenExpiresAt,
                refreshTokenExpiresAt, lastHealthCheck, lastRefresh, lastUsed);
    }

    /**
     * {@return a copy after a permission escalation: new service scopes and tiers; the initial snapshot is kept}
     *
     * @param tiers the tiers
     * @param granted the granted
     */
    public Connection withPermissions(List<ConnectionPermission> tiers, List<String> granted) {
        return new Connection(connectionId, name, domain, skillName, authStrategy, tiers, granted,
                permissionsAvailable, initialPermissions, status, healthCheck, createdAt, tokenExpiresAt,
                refreshTokenExpiresAt, lastHealthCheck, lastRefresh, lastUsed);
    }

    /**
     * {@return a copy updated from a health check at {@code at}} A healthy result records the check time and the
     * reported token expiries; an unhealthy one changes nothing (the manager decides on refresh, recovery
     * and status).
     *
     * @param result the execution result of an executed call ({@code ok} or {@code error}); null for refusals
     * @param at when it happened (executor clock)
     */
    public Connection withHealth(HealthCheckResult result, Instant at) {
        if (!nonNull(result, "health").healthy()) {
            return this;
        }
        return new Connection(connectionId, name, domain, skillName, authStrategy, permissions, permissionsGranted,
                permissionsAvailable, initialPermissions, status, healthCheck, createdAt, result.tokenExpiresAt(),
                result.refreshTokenExpiresAt(), nonNull(at, "last_health_check"), lastRefresh, lastUsed);
    }

    /**
     * {@return a copy after a token refresh at {@code at} that produced an access token expiring at {@code newExpiresAt}
     * (null: unknown or never) and a refresh token expiring at {@code newRefreshExpiresAt}}
     *
     * @param newExpiresAt the new expires at
     * @param newRefreshExpiresAt the new refresh expires at
     * @param at when it happened (executor clock)
     */
    public Connection withRefresh(@Nullable Instant newExpiresAt, @Nullable Instant newRefreshExpiresAt, Instant at) {
        return new Connection(connectionId, name, domain, skillName, authStrategy, permissions, permissionsGranted,
                permissionsAvailable, initialPermissions, status, healthCheck, createdAt, newExpiresAt,
                newRefreshExpiresAt, lastHealthCheck, nonNull(at, "last_refresh"), lastUsed);
    }

    /**
     * {@return a copy recording use by work at {@code at}}
     *
     * @param at when it happened (executor clock)
     */
    public Connection withLastUsed(Instant at) {
        return new Connection(connectionId, name, domain, skillName, authStrategy, permissions, permissionsGranted,
                permissionsAvailable, initialPermissions, status, healthCheck, createdAt, tokenExpiresAt,
                refreshTokenExpiresAt, lastHealthCheck, lastRefresh, nonNull(at, "last_used"));
    }
}
