package io.silas.core.tool;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.TaintLevel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the agent gets back from a tool call: model-facing only. It never carries the executor's
 * application-only metadata (exit codes, sandbox ids, timing). {@code output} of an executed call is tool output
 * and tainted {@code external}; a refusal carries the deterministic reason in {@code error}. Immutable.
 *
 * @param status    how the call ended
 * @param output    the tool's primary output (empty when nothing ran)
 * @param error     why the call failed or was refused, if it did
 * @param taint     trust level of {@code output}
 * @param artifacts names of the files the call produced (successful calls only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolResult(ToolCallStatus status, String output, @Nullable String error, TaintLevel taint,
                         List<String> artifacts) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param status    how the call ended
     * @param output    the tool's primary output (empty when nothing ran)
     * @param error     why the call failed or was refused, if it did
     * @param taint     trust level of {
     * @param artifacts names of the files the call produced (successful calls only) /
     */
    public ToolResult {
        if (status == null || taint == null) {
            throw SilasException.invalid(status == null ? "status" : "taint", "is required");
        }
        output = output == null ? "" : output;
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        if (status != ToolCallStatus.OK && error == null) {
            throw SilasException.invalid("error", "is required when the call did not succeed");
        }
    }

    /**
     * {@return a call that did not run, with the reason the agent is told}
     *
     * @param status how the call ended
     * @param reason why, in a short phrase
     */
    public static ToolResult refused(ToolCallStatus status, String reason) {
        if (status == ToolCallStatus.OK || status == ToolCallStatus.ERROR) {
            throw SilasException.invalid("status", "a refusal cannot be ok or error");
        }
        return new ToolResult(status, "", reason, TaintLevel.OWNER, List.of());
    }

    /** {@return whether the call ran and succeeded} */
    public boolean ok() {
        return status == ToolCallStatus.OK;
    }
}
