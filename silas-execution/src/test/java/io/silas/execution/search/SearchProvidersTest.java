package io.silas.execution.search;

import static io.silas.execution.search.SearchFixture.KEY;
import static io.silas.execution.search.SearchFixture.answer;
import static io.silas.execution.search.SearchFixture.hit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.execution.ExecutionResult;
import io.silas.core.json.Json;
import io.silas.core.vocabulary.TaintLevel;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each built-in provider against a real loopback HTTP server: request shape, answer shape, every error class. */
class SearchProvidersTest {
    private final SearchServer server = SearchServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private WebSearchExecutor executor(String provider) {
        return executor(provider, server.base(), 8);
    }

    private static WebSearchExecutor executor(String provider, URI base, int timeoutSeconds) {
        return WebSearch.executor().search(SearchFixture.search(provider, timeoutSeconds, List.of()))
                .secrets(SearchFixture.storeWithKey()).baseUri(base).build();
    }

    @Test
    void brave_success_getWithSubscriptionTokenAndWebResults() {
        server.respond(200, answer("brave",
                hit("Java <strong>17</strong> &amp; records", "https://openjdk.org/jeps/395", "JEP <strong>395</strong>"),
                hit("Second", "https://example.com/2", "two")));

        ExecutionResult r = executor("brave").execute(SearchFixture.query("java records & more"));

        SearchServer.Request req = server.lastRequest();
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.path()).isEqualTo("/res/v1/web/search");
        assertThat(req.query()).containsEntry("q", "java records & more").containsEntry("count", "5");
        assertThat(req.header("X-Subscription-Token")).isEqualTo(KEY);
        assertThat(req.header("Authorization")).isNull();

        assertThat(r.success()).isTrue();
        assertThat(r.taint()).isEqualTo(TaintLevel.EXTERNAL);
        assertThat(r.content()).hasSize(2);
        JsonNode first = r.content().get(0);
        assertThat(first.get("type").asText()).isEqualTo("search_result");
        assertThat(first.get("rank").asInt()).isEqualTo(1);
        assertThat(first.get("title").asText()).isEqualTo("Java 17 & records");
        assertThat(first.get("url").asText()).isEqualTo("https://openjdk.org/jeps/395");
        assertThat(first.get("snippet").asText()).isEqualTo("JEP 395");
        assertThat(r.returnValue()).startsWith("1. Java 17 & records\n   https://openjdk.org/jeps/395\n   JEP 395")
                .contains("2. Second");
        assertThat(r.metadata()).containsEntry("provider", "brave").containsEntry("result_count", 2)
                .containsEntry("scope_id", "owner");
    }

    @Test
    void brave_noWebSection_emptySuccess() {
        server.respond(200, "{\"type\":\"search\",\"query\":{\"original\":\"x\"}}");

        ExecutionResult r = executor("brave").execute(SearchFixture.query("x"));

        assertThat(r.success()).isTrue();
        assertThat(r.content()).isEmpty();
        assertThat(r.returnValue()).isEqualTo("No results.");
    }

    @Test
    void tavily_success_postJsonWithBearerKey() {
        server.respond(200, answer("tavily", hit("Tavily hit", "https://docs.tavily.com/x", "content text")));

        ExecutionResult r = executor("tavily").execute(SearchFixture.envelope("{\"query\":\"llm search\",\"max_results\":3}"));

        SearchServer.Request req = server.lastRequest();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/search");
        assertThat(req.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(req.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = Json.read(req.body(), JsonNode.class);
        assertThat(body.get("query").asText()).isEqualTo("llm search");
        assertThat(body.get("max_results").asInt()).isEqualTo(3);
        assertThat(body.has("api_key")).isFalse();
        assertThat(body.has("include_domains")).isFalse();

        assertThat(r.success()).isTrue();
        assertThat(r.content()).singleElement().satisfies(b -> {
            assertThat(b.get("title").asText()).isEqualTo("Tavily hit");
            assertThat(b.get("snippet").asText()).isEqualTo("content text");
        });
    }

    @Test
    void tavily_allowedDomains_sentAsIncludeDomains() {
        server.respond(200, answer("tavily"));
        WebSearchExecutor executor = WebSearch.executor()
                .search(SearchFixture.search("tavily", 8, List.of("example.com", "docs.example.org")))
                .secrets(SearchFixture.storeWithKey()).baseUri(server.base()).build();

        executor.execute(SearchFixture.query("q"));

        JsonNode body = Json.read(server.lastRequest().body(), JsonNode.class);
        assertThat(body.get("include_domains").toString()).isEqualTo("[\"example.com\",\"docs.example.org\"]");
    }

    @Test
    void searxng_success_getFormatJsonUnderBasePath() {
        server.respond(200, answer("searxng", hit("A", "https://a.example/1", "alpha"), hit("B", "https://b.example/2", "")));
        WebSearchExecutor executor = executor("searxng", URI.create(server.base() + "/searx/"), 8);

        ExecutionResult r = executor.execute(SearchFixture.query("self hosted"));

        SearchServer.Request req = server.lastRequest();
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.path()).isEqualTo("/searx/search");
        assertThat(req.query()).containsEntry("q", "self hosted").containsEntry("format", "json");
        assertThat(req.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(r.success()).isTrue();
        assertThat(r.returnValue()).isEqualTo("1. A\n   https://a.example/1\n   alpha\n2. B\n   https://b.example/2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"brave", "tavily", "searxng"})
    void http401_authFailed(String provider) {
        server.respond(401, "{\"error\":\"unauthorized\"}");

        assertFailure(executor(provider).execute(SearchFixture.query("q")), ErrorCode.SEARCH_AUTH_FAILED, 401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"brave", "tavily", "searxng"})
    void http403_authFailed(String provider) {
        server.respond(403, "{}");

        assertFailure(executor(provider).execute(SearchFixture.query("q")), ErrorCode.SEARCH_AUTH_FAILED, 403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"brave", "tavily", "searxng"})
    void http429_rateLimitedWithRetryAfterSeconds(String provider) {
        server.respond(429, "{}", "Retry-After", "17");

        ExecutionResult r = executor(provider).execute(SearchFixture.query("q"));

        assertFailure(r, ErrorCode.SEARCH_RATE_LIMITED, 429);
        assertThat(r.metadata()).containsEntry("retry_after_seconds", 17L).containsEntry("limited_by", "provider");
        assertThat(r.error()).contains("Retry after 17 s.");
    }

    @Test
    void http429_retryAfterHttpDate_measuredAgainstServerDate() {
        // The JDK server stamps its own Date header; Retry-After names a moment about 10 minutes after it.
        String later = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(10));
        server.respond(429, "{}", "Retry-After", later);

        ExecutionResult r = executor("brave").execute(SearchFixture.query("q"));

        assertThat((Long) r.metadata().get("retry_after_seconds")).isBetween(540L, 660L);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void http5xx_upstreamError(int status) {
        server.respond(status, "oops");

        assertFailure(executor("brave").execute(SearchFixture.query("q")), ErrorCode.SEARCH_UPSTREAM_ERROR, status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tavily", "searxng"})
    void http503_upstreamErrorForEveryProvider(String provider) {
        server.respond(503, "");

        assertFailure(executor(provider).execute(SearchFixture.query("q")), ErrorCode.SEARCH_UPSTREAM_ERROR, 503);
    }

    @ParameterizedTest
    @ValueSource(strings = {"brave", "tavily", "searxng"})
    void slowAnswer_timeout(String provider) {
        server.delay(Duration.ofSeconds(5)).respond(200, answer(provider));

        ExecutionResult r = executor(provider, server.base(), 1).execute(SearchFixture.query("q"));

        assertFailure(r, ErrorCode.SEARCH_TIMEOUT, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"brave", "tavily", "searxng"})
    void malformedJson_providerError(String provider) {
        server.respond(200, "{\"results\": [ not json");

        ExecutionResult r = executor(provider).execute(SearchFixture.query("q"));

        assertFailure(r, ErrorCode.SEARCH_PROVIDER_ERROR, 200);
        assertThat(r.metadata().get("detail")).isEqualTo("response is not JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"brave", "tavily", "searxng"})
    void wrongShape_providerError(String provider) {
        server.respond(200, provider.equals("brave") ? "{\"web\":{\"results\":{}}}" : "{\"answer\":\"no results key\"}");

        assertFailure(executor(provider).execute(SearchFixture.query("q")), ErrorCode.SEARCH_PROVIDER_ERROR, 200);
    }

    @Test
    void jsonArrayAtRoot_providerError() {
        server.respond(200, "[]");

        assertFailure(executor("tavily").execute(SearchFixture.query("q")), ErrorCode.SEARCH_PROVIDER_ERROR, 200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"brave", "tavily", "searxng"})
    void connectionRefused_upstreamError(String provider) {
        ExecutionResult r = executor(provider, SearchFixture.closedPort(), 8).execute(SearchFixture.query("q"));

        assertFailure(r, ErrorCode.SEARCH_UPSTREAM_ERROR, 0);
        assertThat(r.metadata().get("detail")).isEqualTo("connection failed");
    }

    @Test
    void redirect_notFollowed_providerError() {
        try (SearchServer elsewhere = SearchServer.start()) {
            server.respond(302, "", "Location", elsewhere.base() + "/steal");

            ExecutionResult r = executor("brave").execute(SearchFixture.query("q"));

            assertFailure(r, ErrorCode.SEARCH_PROVIDER_ERROR, 302);
            assertThat(elsewhere.requests()).isEmpty();
        }
    }

    @Test
    void http400_providerError() {
        server.respond(422, "{\"error\":\"bad count\"}");

        assertFailure(executor("brave").execute(SearchFixture.query("q")), ErrorCode.SEARCH_PROVIDER_ERROR, 422);
    }

    @Test
    void oversizedBody_providerError() {
        byte[] huge = new byte[HttpSearch.MAX_BODY_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        server.respond(200, huge);

        ExecutionResult r = executor("searxng").execute(SearchFixture.query("q"));

        assertFailure(r, ErrorCode.SEARCH_PROVIDER_ERROR, 0);
    }

    private static void assertFailure(ExecutionResult r, ErrorCode code, int httpStatus) {
        assertThat(r.success()).isFalse();
        assertThat(r.taint()).isEqualTo(TaintLevel.EXTERNAL);
        assertThat(r.content()).isEmpty();
        assertThat(r.returnValue()).isEmpty();
        assertThat(r.error()).startsWith(code.userMessage());
        assertThat(r.metadata()).containsEntry("error_code", code.id());
        if (httpStatus > 0) {
            assertThat(r.metadata()).containsEntry("http_status", httpStatus);
        } else {
            assertThat(r.metadata()).doesNotContainKey("http_status");
        }
    }
}
