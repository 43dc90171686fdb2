package io.silas.execution.search;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * A built-in provider that calls one HTTP search API: its name, its normalised base URI ({@link Endpoints#base})
 * and the shared exchange ({@link HttpSearch}: timeout, no redirects, capped body, the key only in a header).
 */
abstract sealed class HttpProvider implements SearchProvider permits BraveProvider, TavilyProvider, SearxngProvider {
    /** The base URI without a trailing slash; paths are appended to it. */
    final String base;
    /** The exchange every request goes through. */
    final HttpSearch http;
    private final String name;

    HttpProvider(String name, URI base, HttpSearch http) {
        this.name = name;
        this.base = Endpoints.base(base);
        this.http = http;
    }

    @Override
    public final String name() {
        return name;
    }

    /** A {@code GET {base}{path}?q=<query, URL-encoded><params>} that accepts JSON; the caller adds the key. */
    final HttpRequest.Builder getJson(String path, SearchRequest request, String params) {
        URI uri = URI.create(base + path + "?q=" + URLEncoder.encode(request.query(), StandardCharsets.UTF_8) + params);
        return HttpRequest.newBuilder(uri).GET().header("Accept", "application/json");
    }
}
