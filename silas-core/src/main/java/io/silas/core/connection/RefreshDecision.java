package io.silas.core.connection;

import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The proactive-refresh rules of docs/contracts.md#connections, evaluated for one connection record after a healthy
 * health check:
 * <ol>
 *   <li>access token expires within {@link #REFRESH_AHEAD} (10 min) → {@link #refreshNow()};</li>
 *   <li>refresh token expires within {@link #REFRESH_TOKEN_WARNING} (7 days) and the connection was used within
 *       {@link #DORMANCY} (30 days) → a {@link ReconnectSuggestion};</li>
 *   <li>refresh token expires within 7 days and the connection is dormant (last use — or creation, if never
 *       used — at least 30 days ago) → {@link #dormantRefresh()}: refresh silently to keep the sliding window
 *       alive (audited {@code proactive_refresh_dormant}).</li>
 * </ol>
 * An expiry already in the past counts as "within". A connection without expiry data needs nothing.
 *
 * @param refreshNow run the {@code refresh_token} script now (rule 1)
 * @param dormantRefresh run it because the connection is dormant (rule 3)
 * @param suggestion the reconnect suggestion (rule 2), or null
 */
public record RefreshDecision(boolean refreshNow, boolean dormantRefresh, @Nullable ReconnectSuggestion suggestion) {
    /** How long before access-token expiry a refresh runs. */
    public static final Duration REFRESH_AHEAD = Duration.ofMinutes(10);
    /** How long before refresh-token expiry the user is told (or a dormant connection refreshed). */
    public static final Duration REFRESH_TOKEN_WARNING = Duration.ofDays(7);
    /** How long without use makes a connection dormant. */
    public static final Duration DORMANCY = Duration.ofDays(30);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param refreshNow     run the {
     * @param dormantRefresh run it because the connection is dormant (rule 3)
     * @param suggestion     the reconnect suggestion (rule 2), or null /
public
     */
    public RefreshDecision {
        if (dormantRefresh && suggestion != null) {
            throw SilasException.invalid("suggestion", "excludes a dormant refresh");
        }
    }

    /** {@return whether any refresh should run} */
    public boolean refresh() {
        return refreshNow || dormantRefresh;
    }

    /**
     * Applies the rules to the record's expiry and usage data at {@code now}.
     *
     * @param connection the connection
     * @param now the current time
     * @return the refresh decision
     */
    public static RefreshDecision evaluate(Connection connection, Instant now) {
        Checks.nonNull(connection, "connection");
        Checks.nonNull(now, "now");
        Instant tokenExpires = connection.tokenExpiresAt();
        boolean refreshNow = tokenExpires != null && tokenExpires.isBefore(now.plus(REFRESH_AHEAD));
        Instant refreshExpires = connection.refreshTokenExpiresAt();
        if (refreshExpires == null || !refreshExpires.isBefore(now.plus(REFRESH_TOKEN_WARNING))) {
            return new RefreshDecision(refreshNow, false, null);
        }
        Instant lastActivity = connection.lastUsed() != null ? connection.lastUsed() : connection.createdAt();
        if (!lastActivity.isAfter(now.minus(DORMANCY))) {
            return new RefreshDecision(refreshNow, true, null);
        }
        long days = refreshExpires.isAfter(now) ? Duration.between(now, refreshExpires).toDays() : 0;
        return new RefreshDecision(refreshNow, false,
                new ReconnectSuggestion(connection.connectionId(), connection.name(), refreshExpires, days));
    }
}
