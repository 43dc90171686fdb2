package io.silas.core.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.TaintLevel;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything an ephemeral executor returns (docs/contracts.md#sandboxes-and-executors). Two channels with different
 * audiences:
 * <ul>
 *   <li>{@link #returnValue()}, {@link #content()} and {@link #error()} are <b>model-facing</b>: they may enter
 *       model context after gates, and carry {@link #taint()} ({@code EXTERNAL} for any tool or network output);
 *   <li>{@link #metadata()} is <b>application-only</b> (exit code, duration, truncation, sandbox id, audit
 *       details). It must never be injected into model-facing text, whatever its taint.
 * </ul>
 *
 * @param executionId     matches the envelope
 * @param stepIndex       matches the envelope
 * @param success         whether the execution completed without errors
 * @param returnValue     primary textual result (model-facing)
 * @param content         optional rich content blocks, JSON objects (model-facing)
 * @param metadata        application-only metadata; values are strings, numbers or booleans
 * @param artifacts       named output files/data
 * @param taint           trust classification of the model-facing output
 * @param error           model-facing error description when not successful
 * @param durationSeconds wall time
 * @param tokensUsed      LLM tokens consumed (0 for plain executors)
 * @param costUsd         LLM cost incurred (0 for plain executors)
 */
public record ExecutionResult(
        String executionId,
        int stepIndex,
        boolean success,
        String returnValue,
        List<JsonNode> content,
        Map<String, Object> metadata,
        Map<String, String> artifacts,
        TaintLevel taint,
        @Nullable String error,
        double durationSeconds,
        int tokensUsed,
        double costUsd) {

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param executionId     matches the envelope
     * @param stepIndex       matches the envelope
     * @param success         whether the execution completed without errors
     * @param returnValue     primary textual result (model-facing)
     * @param content         optional rich content blocks, JSON objects (model-facing)
     * @param metadata        application-only metadata; values are strings, numbers or booleans
     * @param artifacts       named output files/data
     * @param taint           trust classification of the model-facing output
     * @param error           model-facing error description when not successful
     * @param durationSeconds wall time
     * @param tokensUsed      LLM tokens consumed (0 for plain executors)
     * @param costUsd         LLM cost incurred (0 for plain executors) /
public
     */
    public ExecutionResult {
        if (executionId == null || taint == null) {
            throw SilasException.invalid("execution_result", "execution_id and taint are required");
        }
        returnValue = returnValue == null ? "" : returnValue;
        content = content == null ? List.of() : content.stream().<JsonNode>map(JsonNode::deepCopy).toList();
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        metadata.forEach((k, v) -> {
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw SilasException.invalid("metadata", "value of " + k + " must be a string, number or boolean");
            }
        });
        artifacts = artifacts == null ? Map.of() : Map.copyOf(artifacts);
    }

    /**
     * Content blocks as defensive copies (JSON nodes are mutable).
     *
     * @return the list
     */
    @Override
    public List<JsonNode> content() {
        return content.stream().<JsonNode>map(JsonNode::deepCopy).toList();
    }
}
