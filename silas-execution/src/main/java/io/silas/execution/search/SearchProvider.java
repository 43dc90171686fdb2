package io.silas.execution.search;

import io.silas.core.trust.SecretValue;

/**
 * A web search backend behind the {@code web_search} action (docs/contracts.md#web-search). Built-in providers are
 * {@link WebSearch#brave()}, {@link WebSearch#tavily()} and {@link WebSearch#searxng(java.net.URI)}; a host may
 * implement its own and hand it to {@link WebSearch#executor()}.
 *
 * <p><b>Security guarantees</b> (every implementation must keep them): the key is revealed only to build the
 * request that carries it, never into a URL, log line, exception message or outcome; the request honours
 * {@link SearchRequest#timeout()}; redirects are not followed (a redirect could carry the key elsewhere).
 * Implementations are thread-safe. A provider that throws is treated as {@code SEARCH_UPSTREAM_ERROR} and only
 * its exception class is logged.
 */
public interface SearchProvider {

    /** {@return the provider's name as written in {@code search.provider}, e.g. {@code brave}} */
    String name();

    /**
     * Runs one search.
     *
     * @param request the validated query and limits
     * @param apiKey  the provider key from the secret store; valid only for the duration of this call
     * @return the search outcome
     */
    SearchOutcome search(SearchRequest request, SecretValue apiKey);
}
