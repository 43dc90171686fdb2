package io.silas.execution.search;

import io.silas.core.error.ErrorCategory;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link SearchProvider} call produced: {@link Hits} or a {@link Failed} naming a {@code SEARCH_*} error
 * code. Failures are values, not exceptions, so a provider can report a rate limit's retry-after.
 */
public sealed interface SearchOutcome {

    /**
     * {@return the provider's results, in its ranking order}
     *
     * @param hits the results (may be empty)
     */
    static Hits hits(List<SearchHit> hits) {
        return new Hits(hits);
    }

    /**
     * {@return a failure without HTTP status or retry hint}
     *
     * @param code the error code
     * @param detail a short developer-facing reason (application-only; never a secret, never the query)
     */
    static Failed failed(ErrorCode code, String detail) {
        return new Failed(code, detail, 0, null);
    }

    /**
     * Results in the provider's ranking order.
     *
     * @param hits the results (may be empty)
     */
    record Hits(List<SearchHit> hits) implements SearchOutcome {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param hits the results (may be empty) /
         */
        public Hits {
            hits = List.copyOf(hits);
        }
    }

    /**
     * A failed search.
     *
     * @param code       a {@code SEARCH_*} code: {@code SEARCH_AUTH_FAILED} (401/403, missing key),
     *                   {@code SEARCH_RATE_LIMITED} (429), {@code SEARCH_UPSTREAM_ERROR} (5xx, connection
     *                   failure), {@code SEARCH_TIMEOUT}, {@code SEARCH_PROVIDER_ERROR} (malformed or unusable
     *                   response, other 4xx, redirect)
     * @param detail     a short developer-facing reason (application-only; never a secret, never the query)
     * @param httpStatus the HTTP status, or 0 when no response arrived
     * @param retryAfter how long the provider asked the caller to wait, if it said
     */
    record Failed(ErrorCode code, String detail, int httpStatus, @Nullable Duration retryAfter)
            implements SearchOutcome {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param code       a {
         * @param detail     a short developer-facing reason (application-only; never a secret, never the query)
         * @param httpStatus the HTTP status, or 0 when no response arrived
         * @param retryAfter how long the provider asked the caller to wait, if it said /
         */
        public Failed {
            if (code == null || code.category() != ErrorCategory.SEARCH) {
                throw SilasException.invalid("code", "must be a SEARCH error code");
            }
            detail = detail == null ? "" : detail;
            if (httpStatus < 0) {
                throw SilasException.invalid("http_status", "must not be negative");
            }
            if (retryAfter != null && retryAfter.isNegative()) {
                throw SilasException.invalid("retry_after", "must not be negative");
            }
        }
    }
}
