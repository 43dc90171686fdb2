package io.silas.execution.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.trust.SecretValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

/**
 * A self-hosted SearXNG instance: {@code GET {base}/search?q=..&format=json} (the instance must enable the
 * {@code json} format); results in {@code results[]} ({@code title}, {@code url}, {@code content}). SearXNG has
 * no result-count parameter, so the executor caps the results. The configured key is sent as
 * {@code Authorization: Bearer <key>} for instances behind an authenticating reverse proxy; a plain instance
 * ignores it.
 */
final class SearxngProvider extends HttpProvider {
    static final String NAME = "searxng";

    SearxngProvider(URI base, HttpSearch http) {
        super(NAME, base, http);
    }

    @Override
    public SearchOutcome search(SearchRequest request, SecretValue apiKey) {
        HttpRequest.Builder http = getJson("/search", request, "&format=json");
        HttpSearch.withSecretHeader(http, "Authorization", "Bearer ", apiKey);
        return this.http.exchange(http, request.timeout(), SearxngProvider::parse);
    }

    private static List<SearchHit> parse(JsonNode root) {
        return HttpSearch.hits(root.get("results"), "results", "content");
    }
}
