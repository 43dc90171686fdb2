package io.silas.execution.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.trust.SecretValue;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A self-hosted SearXNG instance: {@code GET {base}/search?q=..&format=json} (the instance must enable the
 * {@code json} format); results in {@code results[]} ({@code title}, {@code url}, {@code content}). SearXNG has
 * no result-count parameter, so the executor caps the results. The configured key is sent as
 * {@code Authorization: Bearer <key>} for instances behind an authenticating reverse proxy; a plain instance
 * ignores it.
 */
final class SearxngProvider implements SearchProvider {
    static final String NAME = "searxng";

    private final String base;
    private final HttpSearch http;

    SearxngProvider(URI base, HttpSearch http) {
        this.base = Endpoints.base(base);
        this.http = http;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SearchOutcome search(SearchRequest request, SecretValue apiKey) {
        URI uri = URI.create(base + "/search?q=" + URLEncoder.encode(request.query(), StandardCharsets.UTF_8)
                + "&format=json");
        HttpRequest.Builder http = HttpRequest.newBuilder(uri).GET().header("Accept", "application/json");
        HttpSearch.withSecretHeader(http, "Authorization", "Bearer ", apiKey);
        return this.http.exchange(http, request.timeout(), SearxngProvider::parse);
    }

    private static List<SearchHit> parse(JsonNode root) {
        return HttpSearch.hits(root.get("results"), "results", "content");
    }
}
