package io.silas.core.connection;

import io.silas.core.error.Checks;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ConnectionManager#runHealthChecks} did for one active connection.
 *
 * @param connectionId the connection
 * @param health the last health-check result
 * @param refreshed whether a token refresh ran and succeeded
 * @param recovered whether the recover script ran and succeeded
 * @param status the status after the check ({@code active} or {@code failed})
 * @param failure the failure shown to the user when the connection was marked failed, else null
 * @param reconnectSuggestion the reconnect suggestion raised by the refresh rules ({@link RefreshDecision}), else null
 */
public record HealthReport(String connectionId, HealthCheckResult health, boolean refreshed, boolean recovered,
                           ConnectionStatus status, @Nullable ConnectionFailure failure,
                           @Nullable ReconnectSuggestion reconnectSuggestion) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param connectionId        the connection
     * @param health              the last health-check result
     * @param refreshed           whether a token refresh ran and succeeded
     * @param recovered           whether the recover script ran and succeeded
     * @param status              the status after the check ({
     * @param failure             the failure shown to the user when the connection was marked failed, else null
     * @param reconnectSuggestion the reconnect suggestion raised by the refresh rules ({
     */
    public HealthReport {
        Checks.nonBlank(connectionId, "connection_id");
        Checks.nonNull(health, "health");
        Checks.nonNull(status, "status");
    }
}
