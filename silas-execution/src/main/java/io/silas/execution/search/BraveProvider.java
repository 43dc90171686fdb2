package io.silas.execution.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.trust.SecretValue;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Brave Search API: {@code GET {base}/res/v1/web/search?q=..&count=..} with the key in
 * {@code X-Subscription-Token}; results in {@code web.results[]} ({@code title}, {@code url},
 * {@code description}). An answer without a {@code web} section has no web results.
 */
final class BraveProvider implements SearchProvider {
    static final String NAME = "brave";
    static final URI DEFAULT_BASE = URI.create("https://api.search.brave.com");
    /** Brave's largest {@code count}. */
    private static final int MAX_COUNT = 20;

    private final String base;
    private final HttpSearch http;

    BraveProvider(URI base, HttpSearch http) {
        this.base = Endpoints.base(base);
        this.http = http;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SearchOutcome search(SearchRequest request, SecretValue apiKey) {
        URI uri = URI.create(base + "/res/v1/web/search?q=" + URLEncoder.encode(request.query(), StandardCharsets.UTF_8)
                + "&count=" + Math.min(request.maxResults(), MAX_COUNT));
        HttpRequest.Builder http = HttpRequest.newBuilder(uri).GET().header("Accept", "application/json");
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
