package io.silas.execution.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.EphemeralExecutor;
import io.silas.core.execution.ExecutionEnvelope;
import io.silas.core.execution.ExecutionResult;
import io.silas.core.limit.RateLimiter;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SecretValue;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code web_search} (docs/contracts.md#web-search): one provider-backed web search with deterministic limits.
 *
 * <p>Args: {@code query} — a non-blank string of at most {@code search.max_query_chars} (300) code points; a
 * longer query is {@code INVALID_INPUT} (never silently truncated: a cut query can mean something else).
 * Optional {@code max_results} — a positive integer, lowered to {@code search.max_results} (5) if larger.
 *
 * <p>Limits, in order: the per-scope rate limit ({@code limits.web_search_calls_per_minute_per_scope}, 20) is
 * charged before the provider is called; the request must answer within {@code search.timeout_seconds} (8, or
 * the envelope's timeout if shorter); results whose host is not an allowed domain or a subdomain of one are
 * dropped (empty allowlist = any http(s) URL); at most the result cap survive. Titles are capped at 200 and
 * snippets at 500 characters, markup stripped.
 *
 * <p>Outcomes: results become model-facing {@code content} blocks ({@code {"type":"search_result","rank",
 * "title","url","snippet"}}) and a numbered plain-text {@code return_value}, tainted {@code EXTERNAL}. A
 * failure is a result with {@code success=false}, the code's user-safe message as {@code error}, and in
 * application-only {@code metadata}: {@code error_code} (the {@link ErrorCode#id()}), {@code detail},
 * {@code http_status}, {@code retry_after_seconds}, {@code limited_by} ({@code local} or {@code provider}).
 * Malformed args throw {@code INVALID_INPUT}, as in the other executors.
 *
 * <p>Scope: {@link #execute(ExecutionEnvelope, String)} charges the named scope's rate limit;
 * {@link #execute(ExecutionEnvelope)} (the {@link EphemeralExecutor} entry, whose envelope carries no scope)
 * charges the default scope (the owner's), which is the stricter choice when scopes are unknown.
 *
 * <p><b>Security guarantees.</b> The key is read from the {@link SecretStore} for each call, revealed only to
 * build the request header, and closed after the call; it never appears in a result, log line, exception or
 * audit entry (only the ref is configured, and it is not logged either). The query is not logged or audited.
 * Output is always {@code EXTERNAL}. Thread-safe.
 */
public final class WebSearchExecutor implements EphemeralExecutor {
    /** The action name. */
    public static final String ACTION = "web_search";
    /** Audit event appended after each call when an audit log is configured. */
    public static final String AUDIT_EVENT = "web_search";

    private static final Logger LOG = LoggerFactory.getLogger(WebSearchExecutor.class);

    private final SearchProvider provider;
    private final String apiKeyRef;
    private final Duration timeout;
    private final int maxResults;
    private final int maxQueryChars;
    private final DomainFilter domains;
    private final SearchResults results;
    private final int callsPerMinute;
    private final RateLimiter limiter;
    private final SecretStore secrets;
    private final Clock clock;
    private final @Nullable AuditLog audit;
    private final String defaultScope;

    private WebSearchExecutor(Builder b, SearchProvider provider) {
        SilasConfig.Search search = Objects.requireNonNull(b.search);
        this.provider = provider;
        this.apiKeyRef = Objects.requireNonNull(search.apiKeyRef());
        this.timeout = search.timeout();
        this.maxResults = search.maxResults();
        this.maxQueryChars = search.maxQueryChars();
        this.domains = new DomainFilter(search.allowedDomains());
        this.results = new SearchResults(provider.name(), domains);
        this.callsPerMinute = b.callsPerMinute;
        this.limiter = RateLimiter.perMinute("web_search_calls_per_minute_per_scope", b.callsPerMinute, b.clock);
        this.secrets = Objects.requireNonNull(b.secrets);
        this.clock = b.clock;
        this.audit = b.audit;
        this.defaultScope = b.defaultScope;
    }

    @Override
    public String action() {
        return ACTION;
    }

    /** {@return the provider's name, e.g. {@code brave}} */
    public String providerName() {
        return provider.name();
    }

    /** Runs the search charged to the default scope. */
    @Override
    public ExecutionResult execute(ExecutionEnvelope envelope) {
        return execute(envelope, defaultScope);
    }

    /**
     * Runs the search charged to {@code scopeId}'s rate limit.
     *
     * @param envelope the envelope
     * @param scopeId the scope the call belongs to
     * @return the execution result
     * @throws SilasException {@code INVALID_INPUT} for a missing, blank or too long query, a bad
     *                        {@code max_results}, or a blank scope id
     */
    public ExecutionResult execute(ExecutionEnvelope envelope, String scopeId) {
        if (scopeId == null || scopeId.isBlank()) {
            throw SilasException.invalid("scope_id", "must not be blank");
        }
        JsonNode args = envelope.args();
        String query = query(args.get("query"));
        int wanted = wantedResults(args.get("max_results"));
        Instant started = clock.instant();
        Optional<Duration> wait = limiter.tryAcquireOrWait(scopeId);
        if (wait.isPresent() && audit != null) {
            audit.append(RateLimiter.EVENT_RATE_LIMITED,
                    limiter.violation("scope_id", scopeId, ErrorCode.SEARCH_RATE_LIMITED));
        }
        SearchOutcome outcome = wait.isPresent()
                ? new SearchOutcome.Failed(ErrorCode.SEARCH_RATE_LIMITED,
                        "per-scope limit of " + callsPerMinute + " calls per minute", 0, wait.get())
                : call(query, wanted, envelope.timeout().compareTo(timeout) < 0 ? envelope.timeout() : timeout);
        Duration took = Duration.between(started, clock.instant());
        ExecutionResult result = outcome instanceof SearchOutcome.Hits hits
                ? results.success(envelope, scopeId, hits.hits(), wanted, took)
                : results.failure(envelope, scopeId, (SearchOutcome.Failed) outcome, wait.isPresent(), took);
        auditCall(envelope, scopeId, result);
        return result;
    }

    private String query(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            throw SilasException.invalid("args.query", "is required");
        }
        if (!node.isTextual()) {
            throw SilasException.invalid("args.query", "must be a string");
        }
        String query = node.asText().strip();
        if (query.isEmpty()) {
            throw SilasException.invalid("args.query", "must not be blank");
        }
        if (query.codePointCount(0, query.length()) > maxQueryChars) {
            throw SilasException.invalid("args.query", "longer than " + maxQueryChars + " characters");
        }
        return query;
    }

    private int wantedResults(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return maxResults;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() <= 0) {
            throw SilasException.invalid("args.max_results", "must be a positive integer");
        }
        return Math.min(node.asInt(), maxResults);
    }

    private SearchOutcome call(String query, int wanted, Duration deadline) {
        Optional<SecretValue> key;
        try {
            key = secrets.get(apiKeyRef);
        } catch (SilasException e) {
            return SearchOutcome.failed(ErrorCode.SEARCH_AUTH_FAILED, "secret store failed: " + e.code().id());
        }
        if (key.isEmpty()) {
            return SearchOutcome.failed(ErrorCode.SEARCH_AUTH_FAILED, "no secret stored under search.api_key_ref");
        }
        try (SecretValue apiKey = key.get()) {
            SearchOutcome outcome = provider.search(new SearchRequest(query, wanted, deadline, domains.allowed()), apiKey);
            return outcome != null ? outcome
                    : SearchOutcome.failed(ErrorCode.SEARCH_PROVIDER_ERROR, "provider returned no outcome");
        } catch (RuntimeException e) {
            return SearchOutcome.failed(ErrorCode.SEARCH_UPSTREAM_ERROR,
                    "provider threw " + e.getClass().getName());
        }
    }

    private void auditCall(ExecutionEnvelope envelope, String scopeId, ExecutionResult result) {
        if (audit == null) {
            return;
        }
        AuditData data = AuditData.create();
        data.put("execution_id", envelope.executionId());
        data.scopeId(scopeId);
        data.put("provider", provider.name());
        data.put("success", result.success());
        if (result.success()) {
            data.put("result_count", result.metadata().get("result_count"));
        } else {
            data.put("error_code", result.metadata().get("error_code"));
        }
        audit.append(AUDIT_EVENT, data);
    }

    /**
     * Builds a {@link WebSearchExecutor}; obtain one from {@link WebSearch#executor()}. Each setter may be called
     * once (a second call is {@code CONFIG_INVALID}). Required: {@link #secrets} and the search configuration ({@link #config} or {@link #search}).
     * Not thread-safe; the built executor is.
     */
    public static final class Builder {
        private final Set<String> set = new HashSet<>();
        private SilasConfig.@Nullable Search search;
        private int callsPerMinute = SilasConfig.Limits.defaults().webSearchCallsPerMinutePerScope();
        private @Nullable SecretStore secrets;
        private @Nullable SearchProvider provider;
        private @Nullable URI baseUri;
        private Clock clock = Clock.systemUTC();
        private @Nullable AuditLog audit;
        private String defaultScope = "owner";

        Builder() {
        }

        /**
         * Takes {@code search}, {@code limits.web_search_calls_per_minute_per_scope} and the owner id (the
         * default scope) from the configuration.
         *
         * @param config the configuration
         * @return the builder
         */
        public Builder config(SilasConfig config) {
            search(config.search());
            callsPerMinutePerScope(config.limits().webSearchCallsPerMinutePerScope());
            return defaultScope(config.ownerId());
        }

        /**
         * {@return the {@code search} section: provider name, key ref, timeout, caps, allowed domains}
         *
         * @param value the new value
         */
        public Builder search(SilasConfig.Search value) {
            once("search");
            this.search = Objects.requireNonNull(value, "search");
            return this;
        }

        /**
         * {@return the per-scope rate limit (default 20 calls per minute)}
         *
         * @param value the new value
         */
        public Builder callsPerMinutePerScope(int value) {
            once("calls_per_minute_per_scope");
            if (value <= 0) {
                throw SilasException.invalid("limits.web_search_calls_per_minute_per_scope", "must be positive");
            }
            this.callsPerMinute = value;
            return this;
        }

        /**
         * {@return where the provider key lives, under {@code search.api_key_ref}}
         *
         * @param value the new value
         */
        public Builder secrets(SecretStore value) {
            once("secrets");
            this.secrets = Objects.requireNonNull(value, "secrets");
            return this;
        }

        /**
         * {@return a provider instance to use instead of the built-in named by {@code search.provider}; its
         * {@link SearchProvider#name()} must equal that name}
         *
         * @param value the new value
         */
        public Builder provider(SearchProvider value) {
            once("provider");
            this.provider = Objects.requireNonNull(value, "provider");
            return this;
        }

        /**
         * {@return the endpoint of the built-in provider (required for {@code searxng}; e.g. a test server)}
         *
         * @param value the new value
         */
        public Builder baseUri(URI value) {
            once("base_uri");
            this.baseUri = Objects.requireNonNull(value, "baseUri");
            return this;
        }

        /**
         * {@return the clock of the rate limiter and durations (default: system UTC)}
         *
         * @param value the new value
         */
        public Builder clock(Clock value) {
            once("clock");
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Optional: appends a {@value WebSearchExecutor#AUDIT_EVENT} entry (no query, no key) per call.
         *
         * @param value the new value
         * @return the builder
         */
        public Builder audit(AuditLog value) {
            once("audit");
            this.audit = Objects.requireNonNull(value, "audit");
            return this;
        }

        /**
         * {@return the scope charged by {@link WebSearchExecutor#execute(ExecutionEnvelope)} (default {@code owner})}
         *
         * @param value the new value
         */
        public Builder defaultScope(String value) {
            once("default_scope");
            if (value == null || value.isBlank()) {
                throw SilasException.invalid("default_scope", "must not be blank");
            }
            this.defaultScope = value;
            return this;
        }

        /**
         * The executor, or empty when web search is not configured: no {@code search.provider}, or no secret
         * stored under {@code search.api_key_ref} (logged as a warning without the ref).
         *
         * @return the result, if any
         * @throws SilasException {@code MISSING_COLLABORATOR} without secrets or search configuration;
         *                        {@code CONFIG_INVALID} for an unknown provider name, a provider whose name does
         *                        not match, or a provider needing a base URI; {@code INVALID_INPUT} for a bad
         *                        base URI
         */
        public Optional<WebSearchExecutor> buildIfConfigured() {
            SilasConfig.Search s = requireCollaborators();
            if (s.provider() == null || s.apiKeyRef() == null) {
                return Optional.empty();
            }
            SearchProvider resolved = resolveProvider(s.provider());
            if (!Objects.requireNonNull(secrets).contains(s.apiKeyRef())) {
                LOG.warn("web_search not registered: provider {} is configured but no key is stored under "
                        + "search.api_key_ref", resolved.name());
                return Optional.empty();
            }
            return Optional.of(new WebSearchExecutor(this, resolved));
        }

        /**
         * The executor.
         *
         * @return the web search executor
         * @throws SilasException as {@link #buildIfConfigured()}, and {@code CONFIG_INVALID} when search is not
         *                        configured or {@code SECRET_NOT_FOUND} when the key is not stored
         */
        public WebSearchExecutor build() {
            SilasConfig.Search s = requireCollaborators();
            if (s.provider() == null || s.apiKeyRef() == null) {
                throw new SilasException(ErrorCode.CONFIG_INVALID,
                        "search.provider: web search is not configured (set search.provider and search.api_key_ref)");
            }
            SearchProvider resolved = resolveProvider(s.provider());
            if (!Objects.requireNonNull(secrets).contains(s.apiKeyRef())) {
                throw new SilasException(ErrorCode.SECRET_NOT_FOUND,
                        "search.api_key_ref: no secret is stored under the configured ref");
            }
            return new WebSearchExecutor(this, resolved);
        }

        private SilasConfig.Search requireCollaborators() {
            List<String> missing = new ArrayList<>();
            if (search == null) {
                missing.add("search configuration");
            }
            if (secrets == null) {
                missing.add("secrets");
            }
            if (!missing.isEmpty()) {
                throw new SilasException(ErrorCode.MISSING_COLLABORATOR,
                        "web search executor: missing " + String.join(", ", missing));
            }
            return Objects.requireNonNull(search);
        }

        private SearchProvider resolveProvider(String name) {
            String wanted = name.strip().toLowerCase(Locale.ROOT);
            if (provider != null) {
                if (!provider.name().equalsIgnoreCase(wanted)) {
                    throw new SilasException(ErrorCode.CONFIG_INVALID, "search.provider: does not name the supplied provider '" + provider.name() + "'");
                }
                return provider;
            }
            return WebSearch.builtIn(wanted, baseUri);
        }

        private void once(String setter) {
            if (!set.add(setter)) {
                throw new SilasException(ErrorCode.CONFIG_INVALID, "WebSearchExecutor builder: " + setter + " set twice");
            }
        }
    }
}
