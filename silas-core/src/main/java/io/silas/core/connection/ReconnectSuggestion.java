package io.silas.core.connection;

import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import java.time.Instant;

/**
 * A low-friction suggestion to re-authenticate a connection whose refresh token expires soon
 * (docs/contracts.md#connections: within 7 days, connection used in the last 30 days). Surfaced by the host's
 * suggestion engine as "Your [service] refresh token expires in [N] days. [Reconnect now] [Remind me later]";
 * reconnecting runs the full setup conversation. Holds metadata only, never a credential.
 *
 * @param connectionId the connection
 * @param connectionName its display name
 * @param refreshTokenExpiresAt when the refresh token expires
 * @param daysLeft whole days until then ({@code >= 0})
 */
public record ReconnectSuggestion(String connectionId, String connectionName, Instant refreshTokenExpiresAt,
                                  long daysLeft) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param connectionId          the connection
     * @param connectionName        its display name
     * @param refreshTokenExpiresAt when the refresh token expires
     * @param daysLeft              whole days until then ({
     */
    public ReconnectSuggestion {
        Checks.nonBlank(connectionId, "connection_id");
        Checks.nonBlank(connectionName, "connection_name");
        Checks.nonNull(refreshTokenExpiresAt, "refresh_token_expires_at");
        if (daysLeft < 0) {
            throw SilasException.invalid("days_left", "must be >= 0");
        }
    }
}
