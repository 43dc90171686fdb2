package io.silas.execution.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.trust.SecretValue;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP exchange the built-in providers share: sends with an overall deadline, caps the body, and maps every
 * failure to a {@link SearchOutcome.Failed} — 401/403 auth, 429 rate limit (with Retry-After), 5xx and
 * connection failures upstream, deadline timeout, anything unusable (other statuses, redirects, malformed or
 * oversized JSON) provider error. Thread-safe.
 */
final class HttpSearch {
    /** Largest response body read (1 MiB); a search answer is a few kilobytes. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpClient client;

    HttpSearch(HttpClient client) {
        this.client = client;
    }

    /** A client that never follows redirects (a redirect could carry the key to another host). */
    static HttpClient defaultClient() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sets {@code header: prefix + key} on the request. The revealed characters are wiped right after; the
     * header value itself is a {@code String} inside the request ({@code java.net.http} accepts nothing else)
     * and lives as long as the request does.
     */
    static HttpRequest.Builder withSecretHeader(HttpRequest.Builder request, String header, String prefix,
                                                SecretValue key) {
        char[] chars = key.revealChars();
        try {
            return request.header(header, prefix + new String(chars));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** Sends the request and, on 2xx, parses the JSON body with {@code parse}. */
    SearchOutcome exchange(HttpRequest.Builder request, Duration timeout,
                           Function<JsonNode, List<SearchHit>> parse) {
        CompletableFuture<HttpResponse<byte[]>> pending =
                client.sendAsync(request.timeout(timeout).build(), info -> new CappedBody(MAX_BODY_BYTES));
        HttpResponse<byte[]> response;
        try {
            response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return SearchOutcome.failed(ErrorCode.SEARCH_TIMEOUT, "no complete answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return SearchOutcome.failed(ErrorCode.SEARCH_UPSTREAM_ERROR, "interrupted");
        } catch (ExecutionException e) {
            return transportFailure(e.getCause(), timeout);
        }
        return answer(response, parse);
    }

    private static SearchOutcome transportFailure(@Nullable Throwable cause, Duration timeout) {
        if (cause instanceof HttpTimeoutException) {
            return SearchOutcome.failed(ErrorCode.SEARCH_TIMEOUT, "no answer within " + timeout.toMillis() + " ms");
        }
        if (cause instanceof CappedBody.TooLarge) {
            return SearchOutcome.failed(ErrorCode.SEARCH_PROVIDER_ERROR,
                    "response body larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (cause instanceof ConnectException) {
            return SearchOutcome.failed(ErrorCode.SEARCH_UPSTREAM_ERROR, "connection failed");
        }
        String kind = cause instanceof IOException ? "I/O failure " : "failure ";
        return SearchOutcome.failed(ErrorCode.SEARCH_UPSTREAM_ERROR,
                kind + (cause == null ? "" : cause.getClass().getSimpleName()));
    }

    private static SearchOutcome answer(HttpResponse<byte[]> response, Function<JsonNode, List<SearchHit>> parse) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            return new SearchOutcome.Failed(ErrorCode.SEARCH_AUTH_FAILED, "HTTP " + status, status, null);
        }
        if (status == 429) {
            return new SearchOutcome.Failed(ErrorCode.SEARCH_RATE_LIMITED, "HTTP 429", status, retryAfter(response));
        }
        if (status >= 500) {
            return new SearchOutcome.Failed(ErrorCode.SEARCH_UPSTREAM_ERROR, "HTTP " + status, status, null);
        }
        if (status < 200 || status >= 300) {
            String what = status >= 300 && status < 400 ? " (redirects are not followed)" : "";
            return new SearchOutcome.Failed(ErrorCode.SEARCH_PROVIDER_ERROR, "HTTP " + status + what, status, null);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            return new SearchOutcome.Failed(ErrorCode.SEARCH_PROVIDER_ERROR, "response is not JSON", status, null);
        }
        if (root == null || !root.isObject()) {
            return new SearchOutcome.Failed(ErrorCode.SEARCH_PROVIDER_ERROR, "response is not a JSON object", status,
                    null);
        }
        try {
            return SearchOutcome.hits(parse.apply(root));
        } catch (SilasException e) {
            return new SearchOutcome.Failed(ErrorCode.SEARCH_PROVIDER_ERROR, e.getMessage(), status, null);
        }
    }

    /**
     * The Retry-After header: delta-seconds, or an HTTP date measured against the response's own {@code Date}
     * header (the server's clock, so no local clock skew enters). Null if absent or unreadable.
     */
    static @Nullable Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").map(String::trim).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        String date = response.headers().firstValue("Date").orElse(null);
        if (date == null) {
            return null;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            ZonedDateTime now = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Reads {@code array} of result objects into hits: {@code url} required (an entry without one is skipped),
     * title and snippet optional strings.
     *
     * @throws SilasException {@code SEARCH_PROVIDER_ERROR} if {@code array} is not an array
     */
    static List<SearchHit> hits(@Nullable JsonNode array, String field, String snippetField) {
        if (array == null || !array.isArray()) {
            throw new SilasException(ErrorCode.SEARCH_PROVIDER_ERROR, "'" + field + "' is not a JSON array");
        }
        List<SearchHit> hits = new ArrayList<>();
        for (JsonNode item : array) {
            JsonNode url = item.get("url");
            if (url == null || !url.isTextual() || url.asText().isBlank()) {
                continue;
            }
            hits.add(new SearchHit(text(item.get("title")), url.asText(), text(item.get(snippetField))));
        }
        return hits;
    }

    private static String text(@Nullable JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : "";
    }
}
