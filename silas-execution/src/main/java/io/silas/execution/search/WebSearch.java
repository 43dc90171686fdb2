package io.silas.execution.search;

import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.EphemeralExecutor;
import io.silas.core.trust.SecretStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Entry point of the {@code web_search} executor and its built-in providers (docs/contracts.md#web-search,
 * #proactivity-and-autonomy).
 *
 * <pre>{@code
 * // search: {provider: brave, api_key_ref: "search/brave"}; the key is stored in the SecretStore under that ref
 * Optional<EphemeralExecutor> search = WebSearch.executorIfConfigured(config, secrets);
 * ExecutorRegistry registry = ExecutorRegistry.defaults(sandboxes, config, secrets);   // same, registered
 *
 * WebSearchExecutor searxng = WebSearch.executor().config(config).secrets(secrets).audit(audit)
 *     .baseUri(URI.create("https://search.example.org")).build();                     // provider: searxng
 * }</pre>
 *
 * <p>Built-in providers (names as written in {@code search.provider}): {@code brave} (Brave Search API),
 * {@code tavily}, {@code searxng} (self-hosted; needs a base URI). Every base URI is overridable; plain http is
 * accepted only for loopback hosts. Providers share one {@link HttpClient} that never follows redirects.
 */
public final class WebSearch {
    /** The built-in provider names. */
    public static final List<String> BUILT_IN_PROVIDERS =
            List.of(BraveProvider.NAME, SearxngProvider.NAME, TavilyProvider.NAME);

    private WebSearch() {
    }

    /**
     * Brave Search API at its public endpoint.
     *
     * @return the search provider
     */
    public static SearchProvider brave() {
        return brave(BraveProvider.DEFAULT_BASE);
    }

    /**
     * Brave Search API at {@code baseUri} (scheme, host, port, optional path prefix).
     *
     * @param baseUri the base uri
     * @return the search provider
     */
    public static SearchProvider brave(URI baseUri) {
        return new BraveProvider(baseUri, new HttpSearch(SharedClient.INSTANCE));
    }

    /**
     * Tavily at its public endpoint.
     *
     * @return the search provider
     */
    public static SearchProvider tavily() {
        return tavily(TavilyProvider.DEFAULT_BASE);
    }

    /**
     * Tavily at {@code baseUri}.
     *
     * @param baseUri the base uri
     * @return the search provider
     */
    public static SearchProvider tavily(URI baseUri) {
        return new TavilyProvider(baseUri, new HttpSearch(SharedClient.INSTANCE));
    }

    /**
     * {@return a SearXNG instance at {@code baseUri} (the instance root; {@code /search} is appended)}
     *
     * @param baseUri the base uri
     */
    public static SearchProvider searxng(URI baseUri) {
        return new SearxngProvider(baseUri, new HttpSearch(SharedClient.INSTANCE));
    }

    /** {@return a builder of the executor; see {@link WebSearchExecutor.Builder}} */
    public static WebSearchExecutor.Builder executor() {
        return new WebSearchExecutor.Builder();
    }

    /**
     * The {@code web_search} executor for this configuration, or empty when no provider is configured or its key
     * is not in {@code secrets} (docs/contracts.md#web-search: the tool is then not registered).
     *
     * @param config the configuration
     * @param secrets the secrets
     * @return the result, if any
     * @throws SilasException {@code CONFIG_INVALID} for an unknown provider name or {@code searxng} (which needs
     *                        a base URI: use {@link #executor()})
     */
    public static Optional<EphemeralExecutor> executorIfConfigured(SilasConfig config, SecretStore secrets) {
        return executor().config(Objects.requireNonNull(config, "config")).secrets(secrets).buildIfConfigured()
                .map(EphemeralExecutor.class::cast);
    }

    static SearchProvider builtIn(String name, @Nullable URI baseUri) {
        return switch (name) {
            case BraveProvider.NAME -> baseUri == null ? brave() : brave(baseUri);
            case TavilyProvider.NAME -> baseUri == null ? tavily() : tavily(baseUri);
            case SearxngProvider.NAME -> {
                if (baseUri == null) {
                    throw new SilasException(ErrorCode.CONFIG_INVALID,
                            "search.provider: searxng needs the instance's base URI (WebSearch.executor().baseUri)");
                }
                yield searxng(baseUri);
            }
            default -> throw new SilasException(ErrorCode.CONFIG_INVALID, "search.provider: not a built-in provider "
                    + "(built-in: " + String.join(", ", BUILT_IN_PROVIDERS) + "; supply others with executor().provider)");
        };
    }

    /** The HTTP client every built-in provider shares (thread-safe, redirects never followed). */
    private static final class SharedClient {
        static final HttpClient INSTANCE = HttpSearch.defaultClient();
    }
}
