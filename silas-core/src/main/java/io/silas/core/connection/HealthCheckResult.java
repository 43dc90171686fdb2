package io.silas.core.connection;

import static io.silas.core.error.Checks.list;

import io.silas.core.error.SilasException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The structured reply of a connection's {@code health_check} script (docs/contracts.md#connections). Token expiry
 * drives proactive refresh (access token within 10 minutes) and reconnect suggestions (refresh token
 * within 7 days).
 *
 * <p>An unhealthy result must say why: {@code healthy = false} requires {@code error}.
 *
 * @param healthy whether the connection works
 * @param tokenExpiresAt when the current access token expires, if it does
 * @param refreshTokenExpiresAt when the refresh token expires (sliding-window services)
 * @param latencyMs API probe time in milliseconds, {@code >= 0}
 * @param error error details when unhealthy
 * @param warnings non-critical issues, e.g. "rate limit at 80%"
 */
public record HealthCheckResult(
        boolean healthy,
        @Nullable Instant tokenExpiresAt,
        @Nullable Instant refreshTokenExpiresAt,
        long latencyMs,
        @Nullable String error,
        List<String> warnings) {

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param healthy               whether the connection works
     * @param tokenExpiresAt        when the current access token expires, if it does
     * @param refreshTokenExpiresAt when the refresh token expires (sliding-window services)
     * @param latencyMs             API probe time in milliseconds, {
     * @param error                 error details when unhealthy
     * @param warnings              non-critical issues, e.g. "rate limit at 80%" /
public
     */
    public HealthCheckResult {
        if (latencyMs < 0) {
            throw SilasException.invalid("latency_ms", "must be >= 0");
        }
        if (!healthy && (error == null || error.isBlank())) {
            throw SilasException.invalid("error", "is required when healthy is false");
        }
        warnings = list(warnings, "warnings");
    }
}
