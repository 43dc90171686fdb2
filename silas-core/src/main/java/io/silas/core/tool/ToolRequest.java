package io.silas.core.tool;

import io.silas.core.error.SilasException;
import java.util.List;
import java.util.Map;

/**
 * A tool call as it travels down the {@link Toolset} chain after validation and gates: the call with its
 * final (possibly gate-rewritten) arguments, its sequence number in the attempt's ledger, the work item, the
 * approval reasons raised by gates, and the input artifacts the run will see. Immutable.
 *
 * @param call             the call with the arguments that will run
 * @param sequence         0-based position in the attempt's ledger (the step index)
 * @param workItemId       the work item the call belongs to
 * @param approvalReasons  reasons from {@code require_approval} gate results (empty when none)
 * @param inputArtifacts   name → content of the files placed in the run's work dir
 */
public record ToolRequest(ToolCall call, int sequence, String workItemId, List<String> approvalReasons,
                          Map<String, String> inputArtifacts) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param call            the call with the arguments that will run
     * @param sequence        0-based position in the attempt's ledger (the step index)
     * @param workItemId      the work item the call belongs to
     * @param approvalReasons reasons from {
     * @param inputArtifacts  name → content of the files placed in the run's work dir /
public
     */
    public ToolRequest {
        if (call == null || workItemId == null || workItemId.isBlank()) {
            throw SilasException.invalid(call == null ? "call" : "work_item_id", "is required");
        }
        if (sequence < 0) {
            throw SilasException.invalid("sequence", "must be >= 0");
        }
        approvalReasons = approvalReasons == null ? List.of() : List.copyOf(approvalReasons);
        inputArtifacts = inputArtifacts == null ? Map.of() : Map.copyOf(inputArtifacts);
    }
}
