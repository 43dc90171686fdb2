package io.silas.execution.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.json.Json;
import io.silas.core.trust.SecretValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

/**
 * Tavily: {@code POST {base}/search} with JSON {@code {query, max_results, search_depth: "basic"}} (plus
 * {@code include_domains} when an allowlist is configured) and {@code Authorization: Bearer <key>}; results in
 * {@code results[]} ({@code title}, {@code url}, {@code content}).
 */
final class TavilyProvider extends HttpProvider {
    static final String NAME = "tavily";
    static final URI DEFAULT_BASE = URI.create("https://api.tavily.com");
    /** Tavily's largest {@code max_results}. */
    private static final int MAX_COUNT = 20;

    TavilyProvider(URI base, HttpSearch http) {
        super(NAME, base, http);
    }

    @Override
    public SearchOutcome search(SearchRequest request, SecretValue apiKey) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("query", request.query());
        body.put("max_results", Math.min(request.maxResults(), MAX_COUNT));
        body.put("search_depth", "basic");
        if (!request.allowedDomains().isEmpty()) {
            request.allowedDomains().forEach(body.putArray("include_domains")::add);
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(base + "/search"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        HttpSearch.withSecretHeader(http, "Authorization", "Bearer ", apiKey);
        return this.http.exchange(http, request.timeout(), TavilyProvider::parse);
    }

    private static List<SearchHit> parse(JsonNode root) {
        return HttpSearch.hits(root.get("results"), "results", "content");
    }
}
