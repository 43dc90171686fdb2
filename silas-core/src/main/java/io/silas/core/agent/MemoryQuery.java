package io.silas.core.agent;

import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.silas.core.error.SilasException;
import org.jspecify.annotations.Nullable;

/**
 * A memory retrieval the agent asks for (docs/contracts.md#stream-and-turns); the harness runs it and injects the
 * results into the memory zone. This is the agent's only context lever. Missing limits in JSON take their defaults
 * ({@value #DEFAULT_MAX_RESULTS} results, {@value #DEFAULT_MAX_TOKENS} tokens).
 *
 * @param strategy retrieval strategy
 * @param query search text
 * @param maxResults most items to return, {@code >= 1}
 * @param maxTokens most tokens across all results, {@code >= 1}
 */
public record MemoryQuery(MemoryQueryStrategy strategy, String query, int maxResults, int maxTokens) {
    /** Default max results ({@value}). */
    public static final int DEFAULT_MAX_RESULTS = 5;
    /** Default max tokens ({@value}). */
    public static final int DEFAULT_MAX_TOKENS = 2000;

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param strategy   retrieval strategy
     * @param query      search text
     * @param maxResults most items to return, {
     * @param maxTokens  most tokens across all results, {
     */
    public MemoryQuery {
        nonNull(strategy, "strategy");
        nonBlank(query, "query");
        if (maxResults < 1) {
            throw SilasException.invalid("max_results", "must be >= 1");
        }
        if (maxTokens < 1) {
            throw SilasException.invalid("max_tokens", "must be >= 1");
        }
    }

    /**
     * {@return a query with the default limits}
     *
     * @param strategy retrieval strategy
     * @param query search text
     */
    public static MemoryQuery of(MemoryQueryStrategy strategy, String query) {
        return new MemoryQuery(strategy, query, DEFAULT_MAX_RESULTS, DEFAULT_MAX_TOKENS);
    }

    @JsonCreator
    static MemoryQuery fromJson(@JsonProperty("strategy") @Nullable MemoryQueryStrategy strategy,
                                @JsonProperty("query") @Nullable String query,
                                @JsonProperty("max_results") @Nullable Integer maxResults,
                                @JsonProperty("max_tokens") @Nullable Integer maxTokens) {
        return new MemoryQuery(nonNull(strategy, "strategy"), nonBlank(query, "query"),
                maxResults == null ? DEFAULT_MAX_RESULTS : maxResults,
                maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens);
    }
}
