package io.silas.execution.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.trust.SecretValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

/**
 * Brave Search API: {@code GET {base}/res/v1/web/search?q=..&count=..} with the key in
 * {@code X-Subscription-Token}; results in {@code web.results[]} ({@code title}, {@code url},
 * {@code description}). An answer without a {@code web} section has no web results.
 */
final class BraveProvider extends HttpProvider {
    static final String NAME = "brave";
    static final URI DEFAULT_BASE = URI.create("https://api.search.brave.com");
    /** Brave's largest {@code count}. */
    private static final int MAX_COUNT = 20;

    BraveProvider(URI base, HttpSearch http) {
        super(NAME, base, http);
    }

    @Override
    public SearchOutcome search(SearchRequest request, SecretValue apiKey) {
        HttpRequest.Builder http = getJson("/res/v1/web/search", request,
                "&count=" + Math.min(request.maxResults(), MAX_COUNT));
        HttpSearch.withSecretHeader(http, "X-Subscription-Token", "", apiKey);
        return this.http.exchange(http, request.timeout(), BraveProvider::parse);
    }

    private static List<SearchHit> parse(JsonNode root) {
        JsonNode web = root.get("web");
        if (web == null || web.isNull()) {
            return List.of();
        }
        return HttpSearch.hits(web.get("results"), "web.results", "description");
    }
}
