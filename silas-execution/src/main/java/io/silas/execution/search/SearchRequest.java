package io.silas.execution.search;

import io.silas.core.error.SilasException;
import java.time.Duration;
import java.util.List;

/**
 * One validated query handed to a {@link SearchProvider}. The executor has already applied the query-length
 * cap; a provider applies {@link #maxResults()} and {@link #timeout()} to its request.
 *
 * @param query          the query text, not blank
 * @param maxResults     how many results to ask for, positive
 * @param timeout        the whole request's deadline, positive
 * @param allowedDomains domain allowlist, lower case; a provider may pass it upstream as a hint (the executor
 *                       filters results itself either way); empty = any domain
 */
public record SearchRequest(String query, int maxResults, Duration timeout, List<String> allowedDomains) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param query          the query text, not blank
     * @param maxResults     how many results to ask for, positive
     * @param timeout        the whole request's deadline, positive
     * @param allowedDomains domain allowlist, lower case; a provider may pass it upstream as a hint (the executor
     *                       filters results itself either way); empty = any domain /
public
     */
    public SearchRequest {
        if (query == null || query.isBlank()) {
            throw SilasException.invalid("query", "must not be blank");
        }
        if (maxResults <= 0) {
            throw SilasException.invalid("max_results", "must be positive");
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw SilasException.invalid("timeout", "must be positive");
        }
        allowedDomains = allowedDomains == null ? List.of() : List.copyOf(allowedDomains);
    }
}
