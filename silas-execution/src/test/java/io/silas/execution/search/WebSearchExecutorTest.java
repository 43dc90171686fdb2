package io.silas.execution.search;

import static io.silas.execution.search.SearchFixture.KEY;
import static io.silas.execution.search.SearchFixture.KEY_REF;
import static io.silas.execution.search.SearchFixture.answer;
import static io.silas.execution.search.SearchFixture.hit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.audit.AuditLog;
import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.EphemeralExecutor;
import io.silas.core.execution.ExecutionResult;
import io.silas.core.execution.SandboxManager;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SecretValue;
import io.silas.execution.work.ExecutorRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WebSearchExecutorTest {
    private final SearchServer server = SearchServer.start();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    private final AuditLog audit = AuditLog.inMemory(clock);

    @AfterEach
    void stop() {
        server.close();
    }

    private WebSearchExecutor executor(List<String> allowedDomains) {
        return WebSearch.executor().search(SearchFixture.search("searxng", 8, allowedDomains))
                .secrets(SearchFixture.storeWithKey()).baseUri(server.base()).clock(clock).audit(audit).build();
    }

    private static List<String> urls(ExecutionResult r) {
        return r.content().stream().map(b -> b.get("url").asText()).toList();
    }

    @Nested
    class Limits {
        @Test
        void allowedDomains_keepDomainAndSubdomainsOnly() {
            server.respond(200, answer("searxng",
                    hit("a", "https://example.com/a", ""),
                    hit("b", "https://docs.example.com/b", ""),
                    hit("c", "https://notexample.com/c", ""),
                    hit("d", "https://example.com.evil.net/d", ""),
                    hit("e", "https://example.com@evil.net/e", ""),
                    hit("f", "javascript:alert(1)//example.com", ""),
                    hit("g", "HTTPS://WWW.EXAMPLE.COM./g", ""),
                    hit("h", "ftp://example.com/h", "")));

            ExecutionResult r = executor(List.of("example.com")).execute(SearchFixture.query("q"));

            assertThat(urls(r)).containsExactly("https://example.com/a", "https://docs.example.com/b",
                    "HTTPS://WWW.EXAMPLE.COM./g");
            assertThat(r.metadata()).containsEntry("dropped_by_domain_filter", 5);
            assertThat(r.content()).extracting(b -> b.get("rank").asInt()).containsExactly(1, 2, 3);
        }

        @Test
        void emptyAllowlist_keepsEveryHttpUrlButDropsOtherSchemes() {
            server.respond(200, answer("searxng",
                    hit("a", "https://anything.example/a", ""),
                    hit("b", "http://plain.example/b", ""),
                    hit("c", "file:///etc/passwd", ""),
                    hit("d", "not a url", "")));

            ExecutionResult r = executor(List.of()).execute(SearchFixture.query("q"));

            assertThat(urls(r)).containsExactly("https://anything.example/a", "http://plain.example/b");
        }

        @Test
        void resultCap_fiveOfEight() {
            String[][] eight = IntStream.rangeClosed(1, 8)
                    .mapToObj(i -> hit("t" + i, "https://r" + i + ".example/", "s" + i)).toArray(String[][]::new);
            server.respond(200, answer("searxng", eight));

            ExecutionResult r = executor(List.of()).execute(SearchFixture.query("q"));

            assertThat(urls(r)).hasSize(5).first().isEqualTo("https://r1.example/");
            assertThat(r.metadata()).containsEntry("result_count", 5);
        }

        @Test
        void maxResultsArg_lowersButNeverRaisesCap() {
            String[][] eight = IntStream.rangeClosed(1, 8)
                    .mapToObj(i -> hit("t" + i, "https://r" + i + ".example/", "")).toArray(String[][]::new);
            server.respond(200, answer("searxng", eight));
            WebSearchExecutor executor = executor(List.of());

            assertThat(executor.execute(SearchFixture.envelope("{\"query\":\"q\",\"max_results\":2}")).content()).hasSize(2);
            assertThat(executor.execute(SearchFixture.envelope("{\"query\":\"q\",\"max_results\":50}")).content()).hasSize(5);
        }

        @Test
        void longTextAndMarkup_cappedPlainText() {
            server.respond(200, answer("searxng", hit("<b>" + "T".repeat(400) + "</b>", "https://x.example/",
                    "<p>" + "s ".repeat(600) + "</p>")));

            JsonNode block = executor(List.of()).execute(SearchFixture.query("q")).content().get(0);

            assertThat(block.get("title").asText()).hasSize(SearchResults.MAX_TITLE_CHARS).endsWith("…")
                    .doesNotContain("<b>");
            assertThat(block.get("snippet").asText()).hasSize(SearchResults.MAX_SNIPPET_CHARS).doesNotContain("<p>");
        }

        @Test
        void queryCap_300Accepted_301RejectedWithoutRequest() {
            server.respond(200, answer("searxng"));
            WebSearchExecutor executor = executor(List.of());

            assertThat(executor.execute(SearchFixture.query("q".repeat(300))).success()).isTrue();
            assertThatThrownBy(() -> executor.execute(SearchFixture.query("q".repeat(301))))
                    .isInstanceOfSatisfying(SilasException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.getMessage()).startsWith("args.query").contains("300").doesNotContain("qqqq");
                    });
            assertThat(server.requests()).hasSize(1);
        }

        @Test
        void queryCap_countsCodePointsNotUtf16Units() {
            server.respond(200, answer("searxng"));

            assertThat(executor(List.of()).execute(SearchFixture.query("😀".repeat(300))).success()).isTrue();
        }

        @Test
        void malformedArgs_invalidInputNamingField() {
            WebSearchExecutor executor = executor(List.of());

            assertThatThrownBy(() -> executor.execute(SearchFixture.envelope("{}"))).hasMessageStartingWith("args.query");
            assertThatThrownBy(() -> executor.execute(SearchFixture.envelope("{\"query\":\"  \"}")))
                    .hasMessageStartingWith("args.query");
            assertThatThrownBy(() -> executor.execute(SearchFixture.envelope("{\"query\":42}")))
                    .hasMessageStartingWith("args.query");
            assertThatThrownBy(() -> executor.execute(SearchFixture.envelope("{\"query\":\"q\",\"max_results\":0}")))
                    .hasMessageStartingWith("args.max_results");
            assertThatThrownBy(() -> executor.execute(SearchFixture.envelope("{\"query\":\"q\",\"max_results\":1.5}")))
                    .hasMessageStartingWith("args.max_results");
            assertThat(server.requests()).isEmpty();
        }

        @Test
        void rateLimit_21stCallInAMinuteRefusedPerScope() {
            server.respond(200, answer("searxng", hit("a", "https://a.example/", "")));
            WebSearchExecutor executor = executor(List.of());

            for (int i = 0; i < 20; i++) {
                assertThat(executor.execute(SearchFixture.query("q"), "scope-a").success()).isTrue();
            }
            ExecutionResult refused = executor.execute(SearchFixture.query("q"), "scope-a");

            assertThat(refused.success()).isFalse();
            assertThat(refused.metadata()).containsEntry("error_code", ErrorCode.SEARCH_RATE_LIMITED.id())
                    .containsEntry("limited_by", "local").containsEntry("retry_after_seconds", 3L);
            assertThat(server.requests()).hasSize(20);
            assertThat(executor.execute(SearchFixture.query("q"), "scope-b").success()).isTrue();

            clock.advance(Duration.ofSeconds(3));
            assertThat(executor.execute(SearchFixture.query("q"), "scope-a").success()).isTrue();
            assertThat(executor.execute(SearchFixture.query("q"), "scope-a").success()).isFalse();
        }

        @Test
        void rateLimit_fromConfig_andDefaultScopeIsOwner() {
            server.respond(200, answer("searxng"));
            SilasConfig config = SilasConfig.parse("""
                    silas:
                      owner_id: alice
                      search: {provider: searxng, api_key_ref: "search/api-key"}
                      limits: {web_search_calls_per_minute_per_scope: 2}
                    """, name -> null);
            WebSearchExecutor executor = WebSearch.executor().config(config).secrets(SearchFixture.storeWithKey())
                    .baseUri(server.base()).clock(clock).build();

            executor.execute(SearchFixture.query("q"));
            executor.execute(SearchFixture.query("q"));
            ExecutionResult third = executor.execute(SearchFixture.query("q"));

            assertThat(third.metadata()).containsEntry("limited_by", "local").containsEntry("scope_id", "alice")
                    .containsEntry("retry_after_seconds", 30L);
        }
    }

    @Nested
    class Registration {
        private final SandboxManager sandboxes = config -> {
            throw new AssertionError("not used");
        };

        private SilasConfig config(String searchYaml) {
            return SilasConfig.parse("silas:\n  search: " + searchYaml + "\n", name -> null);
        }

        @Test
        void noProvider_notRegistered() {
            SilasConfig config = config("{}");

            assertThat(WebSearch.executorIfConfigured(config, SearchFixture.storeWithKey())).isEmpty();
            assertThat(ExecutorRegistry.defaults(sandboxes, config, SearchFixture.storeWithKey()).actions())
                    .containsExactly("python_exec", "shell_exec");
            assertThat(ExecutorRegistry.defaults(sandboxes).actions()).containsExactly("python_exec", "shell_exec");
        }

        @Test
        void providerWithoutStoredKey_notRegistered() {
            SilasConfig config = config("{provider: brave, api_key_ref: \"search/api-key\"}");

            assertThat(WebSearch.executorIfConfigured(config, SecretStore.inMemory())).isEmpty();
            assertThat(ExecutorRegistry.defaults(sandboxes, config, SecretStore.inMemory()).find("web_search")).isEmpty();
            assertThatThrownBy(() -> WebSearch.executor().config(config).secrets(SecretStore.inMemory()).build())
                    .isInstanceOfSatisfying(SilasException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SECRET_NOT_FOUND));
        }

        @Test
        void providerAndKey_registered() {
            SilasConfig config = config("{provider: brave, api_key_ref: \"search/api-key\"}");

            Optional<EphemeralExecutor> executor = WebSearch.executorIfConfigured(config, SearchFixture.storeWithKey());
            ExecutorRegistry registry = ExecutorRegistry.defaults(sandboxes, config, SearchFixture.storeWithKey());

            assertThat(executor).get().extracting(EphemeralExecutor::action).isEqualTo("web_search");
            assertThat(registry.actions()).containsExactly("python_exec", "shell_exec", "web_search");
            assertThat(((WebSearchExecutor) registry.find("web_search").orElseThrow()).providerName()).isEqualTo("brave");
        }

        @Test
        void unknownProviderOrSearxngWithoutBase_configInvalid() {
            assertThatThrownBy(() -> WebSearch.executorIfConfigured(
                    config("{provider: bing, api_key_ref: k}"), SearchFixture.storeWithKey()))
                    .isInstanceOfSatisfying(SilasException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                        assertThat(e.getMessage()).contains("brave, searxng, tavily").doesNotContain("bing");
                    });
            assertThatThrownBy(() -> WebSearch.executorIfConfigured(
                    config("{provider: searxng, api_key_ref: k}"), SearchFixture.storeWithKey()))
                    .isInstanceOfSatisfying(SilasException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
        }

        @Test
        void notConfigured_buildFailsFast() {
            assertThatThrownBy(() -> WebSearch.executor().search(SilasConfig.Search.defaults())
                    .secrets(SecretStore.inMemory()).build())
                    .isInstanceOfSatisfying(SilasException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
            assertThatThrownBy(() -> WebSearch.executor().build())
                    .isInstanceOfSatisfying(SilasException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_COLLABORATOR);
                        assertThat(e.getMessage()).contains("search configuration").contains("secrets");
                    });
            assertThatThrownBy(() -> WebSearch.executor().clock(clock).clock(clock))
                    .isInstanceOfSatisfying(SilasException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                        assertThat(e.getMessage()).contains("clock set twice");
                    });
        }

        @Test
        void hostProvider_usedWhenNamesMatch() {
            SearchProvider custom = new SearchProvider() {
                @Override
                public String name() {
                    return "intranet";
                }

                @Override
                public SearchOutcome search(SearchRequest request, SecretValue apiKey) {
                    return SearchOutcome.hits(List.of(new SearchHit("Policy", "https://intra.example/p", "")));
                }
            };
            SilasConfig.Search search = new SilasConfig.Search("intranet", KEY_REF, 8, 5, 300, List.of());

            ExecutionResult r = WebSearch.executor().search(search).secrets(SearchFixture.storeWithKey())
                    .provider(custom).build().execute(SearchFixture.query("q"));

            assertThat(r.success()).isTrue();
            assertThat(r.metadata()).containsEntry("provider", "intranet");
            assertThatThrownBy(() -> WebSearch.executor().search(SearchFixture.search("brave"))
                    .secrets(SearchFixture.storeWithKey()).provider(custom).build())
                    .isInstanceOfSatisfying(SilasException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
        }

        @Test
        void baseUri_plainHttpOnlyForLoopback_noUserInfoOrQuery() {
            assertThat(WebSearch.brave(URI.create("http://localhost:8080")).name()).isEqualTo("brave");
            assertThat(WebSearch.searxng(URI.create("https://search.example.org/searx")).name()).isEqualTo("searxng");
            assertThatThrownBy(() -> WebSearch.searxng(URI.create("http://search.example.org")))
                    .hasMessageContaining("https");
            assertThatThrownBy(() -> WebSearch.tavily(URI.create("https://user:pw@api.example.com")))
                    .hasMessageContaining("user info");
            assertThatThrownBy(() -> WebSearch.brave(URI.create("https://api.example.com/?x=1")))
                    .isInstanceOf(SilasException.class);
            assertThatThrownBy(() -> WebSearch.brave(URI.create("ftp://api.example.com")))
                    .isInstanceOf(SilasException.class);
        }
    }

    @Nested
    class Failures {
        @Test
        void keyRemovedAfterRegistration_authFailedWithoutRequest() {
            SecretStore store = SearchFixture.storeWithKey();
            WebSearchExecutor executor = WebSearch.executor().search(SearchFixture.search("brave"))
                    .secrets(store).baseUri(server.base()).build();
            store.delete(KEY_REF);

            ExecutionResult r = executor.execute(SearchFixture.query("q"));

            assertThat(r.metadata()).containsEntry("error_code", ErrorCode.SEARCH_AUTH_FAILED.id());
            assertThat(server.requests()).isEmpty();
        }

        @Test
        void providerThrows_upstreamErrorWithClassOnly() {
            SearchProvider broken = new SearchProvider() {
                @Override
                public String name() {
                    return "broken";
                }

                @Override
                public SearchOutcome search(SearchRequest request, SecretValue apiKey) {
                    throw new IllegalStateException("leaky message " + new String(apiKey.revealChars()));
                }
            };
            SilasConfig.Search search = new SilasConfig.Search("broken", KEY_REF, 8, 5, 300, List.of());

            ExecutionResult r = WebSearch.executor().search(search).secrets(SearchFixture.storeWithKey())
                    .provider(broken).build().execute(SearchFixture.query("q"));

            assertThat(r.success()).isFalse();
            assertThat(r.metadata()).containsEntry("error_code", ErrorCode.SEARCH_UPSTREAM_ERROR.id());
            assertThat(r.toString()).doesNotContain(KEY).doesNotContain("leaky");
        }

        @Test
        void everyCall_audited_withoutQueryOrKey() {
            server.respond(200, answer("searxng", hit("a", "https://a.example/", "")));
            WebSearchExecutor executor = executor(List.of());
            executor.execute(SearchFixture.query("secret plans for tuesday"), "scope-a");
            server.respond(401, "{}");
            executor.execute(SearchFixture.query("secret plans for tuesday"), "scope-a");

            var entries = audit.findByEvent(WebSearchExecutor.AUDIT_EVENT);
            assertThat(entries).hasSize(2);
            assertThat(entries.get(0).data().get("success").asBoolean()).isTrue();
            assertThat(entries.get(0).data().get("result_count").asInt()).isEqualTo(1);
            assertThat(entries.get(1).data().get("error_code").asText()).isEqualTo(ErrorCode.SEARCH_AUTH_FAILED.id());
            assertThat(entries.toString()).doesNotContain("tuesday").doesNotContain(KEY);
        }
    }

    @Test
    void apiKey_neverInResultsLogsExceptionsOrAudit() {
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        List<String> outputs = new ArrayList<>();
        try {
            for (String provider : List.of("brave", "tavily", "searxng")) {
                WebSearchExecutor executor = WebSearch.executor().search(SearchFixture.search(provider, 1, List.of()))
                        .secrets(SearchFixture.storeWithKey()).baseUri(server.base()).audit(audit).clock(clock).build();
                server.delay(Duration.ZERO).respond(200, answer(provider, hit("t", "https://a.example/", "s")));
                outputs.add(executor.execute(SearchFixture.query("q")).toString());
                for (int status : new int[] {401, 403, 429, 500, 503}) {
                    server.respond(status, "{\"error\":\"x\"}", "Retry-After", "5");
                    outputs.add(executor.execute(SearchFixture.query("q")).toString());
                }
                server.respond(200, "not json");
                outputs.add(executor.execute(SearchFixture.query("q")).toString());
                server.delay(Duration.ofSeconds(3)).respond(200, "{}");
                outputs.add(executor.execute(SearchFixture.query("q")).toString());
                server.delay(Duration.ZERO);
                try {
                    executor.execute(SearchFixture.query("q".repeat(301)));
                } catch (SilasException e) {
                    outputs.add(e.toString());
                }
                WebSearchExecutor refused = WebSearch.executor().search(SearchFixture.search(provider))
                        .secrets(SearchFixture.storeWithKey()).baseUri(SearchFixture.closedPort()).build();
                outputs.add(refused.execute(SearchFixture.query("q")).toString());
            }
        } finally {
            System.setErr(original);
        }
        outputs.add(log.toString(StandardCharsets.UTF_8));
        outputs.add(audit.read(0, 10_000).toString());

        String everything = String.join("\n", outputs);
        assertThat(everything).contains("search.search_auth_failed", "search.search_timeout",
                "search.search_upstream_error", "search.search_provider_error", "search.search_rate_limited");
        assertThat(everything).doesNotContain(KEY)
                .doesNotContain(Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)))
                .doesNotContain(KEY.substring(4, 20));
        assertThat(server.requests()).allSatisfy(r -> assertThat(
                r.header("X-Subscription-Token") != null ? r.header("X-Subscription-Token") : r.header("Authorization"))
                .endsWith(KEY));
    }
}
