package io.silas.execution.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.execution.ExecutionEnvelope;
import io.silas.core.execution.ExecutionResult;
import io.silas.core.json.Json;
import io.silas.core.vocabulary.TaintLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shapes a search outcome into an {@link ExecutionResult}: filtered, capped, plain-text hits as model-facing
 * content tainted {@code EXTERNAL}; failures as {@code success=false} with the code's user-safe message and the
 * details in application-only metadata. Immutable, thread-safe.
 */
final class SearchResults {
    static final int MAX_TITLE_CHARS = 200;
    static final int MAX_SNIPPET_CHARS = 500;
    private static final int MAX_URL_CHARS = 2048;
    private static final Logger LOG = LoggerFactory.getLogger(WebSearchExecutor.class);

    private final String provider;
    private final DomainFilter domains;

    SearchResults(String provider, DomainFilter domains) {
        this.provider = provider;
        this.domains = domains;
    }

    ExecutionResult success(ExecutionEnvelope envelope, String scopeId, List<SearchHit> hits, int wanted,
                                    Duration took) {
        List<JsonNode> content = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int dropped = 0;
        for (SearchHit hit : hits) {
            String url = hit.url().strip();
            if (url.length() > MAX_URL_CHARS || !domains.permits(url)) {
                dropped++;
                continue;
            }
            if (content.size() == wanted) {
                break;
            }
            String title = PlainText.of(hit.title(), MAX_TITLE_CHARS);
            String snippet = PlainText.of(hit.snippet(), MAX_SNIPPET_CHARS);
            ObjectNode block = Json.mapper().createObjectNode();
            block.put("type", "search_result");
            block.put("rank", content.size() + 1);
            block.put("title", title);
            block.put("url", url);
            block.put("snippet", snippet);
            content.add(block);
            text.append(content.size()).append(". ").append(title.isEmpty() ? url : title).append('\n')
                    .append("   ").append(url).append('\n');
            if (!snippet.isEmpty()) {
                text.append("   ").append(snippet).append('\n');
            }
        }
        Map<String, Object> metadata = baseMetadata(scopeId, took);
        metadata.put("result_count", content.size());
        metadata.put("dropped_by_domain_filter", dropped);
        String returnValue = content.isEmpty() ? "No results." : text.toString().stripTrailing();
        return new ExecutionResult(envelope.executionId(), envelope.stepIndex(), true, returnValue, content, metadata,
                Map.of(), TaintLevel.EXTERNAL, null, seconds(took), 0, 0.0);
    }

    ExecutionResult failure(ExecutionEnvelope envelope, String scopeId, SearchOutcome.Failed failed,
                                    boolean limitedLocally, Duration took) {
        Map<String, Object> metadata = baseMetadata(scopeId, took);
        metadata.put("error_code", failed.code().id());
        metadata.put("detail", failed.detail());
        if (failed.httpStatus() > 0) {
            metadata.put("http_status", failed.httpStatus());
        }
        String error = failed.code().userMessage();
        if (failed.retryAfter() != null) {
            long seconds = ceilSeconds(failed.retryAfter());
            metadata.put("retry_after_seconds", seconds);
            error = error + " Retry after " + seconds + " s.";
        }
        if (failed.code() == ErrorCode.SEARCH_RATE_LIMITED) {
            metadata.put("limited_by", limitedLocally ? "local" : "provider");
        }
        LOG.warn("web_search via {} failed: {} ({})", provider, failed.code().id(), failed.detail());
        return new ExecutionResult(envelope.executionId(), envelope.stepIndex(), false, "", List.of(), metadata,
                Map.of(), TaintLevel.EXTERNAL, error, seconds(took), 0, 0.0);
    }

    private Map<String, Object> baseMetadata(String scopeId, Duration took) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("provider", provider);
        metadata.put("scope_id", scopeId);
        metadata.put("duration_ms", took.toMillis());
        return metadata;
    }

    private static long ceilSeconds(Duration d) {
        long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Math.max(seconds, d.isZero() ? 0 : 1);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
