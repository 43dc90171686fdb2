package io.silas.core.agent;

import io.silas.core.error.Checks;
import io.silas.core.tool.ToolDefinition;
import java.util.List;

/**
 * What the executor agent receives for one attempt: the instructions (the work item body, then
 * "Previous attempt N failed" and "Planner guidance" sections on retries), the tools it may call, and the names of
 * the artifacts already available to tool runs. No conversation, memory, tokens or secrets. Immutable.
 *
 * @param workItemId     the task being executed
 * @param attempt        1-based attempt number
 * @param instructions   the prose briefing the agent follows
 * @param tools          the tools exposed after preparation and access filtering
 * @param inputArtifacts names of the files every tool run finds in its work dir
 */
public record ExecutorRequest(String workItemId, int attempt, String instructions, List<ToolDefinition> tools,
                              List<String> inputArtifacts) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param workItemId     the task being executed
     * @param attempt        1-based attempt number
     * @param instructions   the prose briefing the agent follows
     * @param tools          the tools exposed after preparation and access filtering
     * @param inputArtifacts names of the files every tool run finds in its work dir /
public
     */
    public ExecutorRequest {
        Checks.nonBlank(workItemId, "work_item_id");
        if (attempt < 1) {
            throw io.silas.core.error.SilasException.invalid("attempt", "must be >= 1");
        }
        Checks.nonNull(instructions, "instructions");
        tools = Checks.list(tools, "tools");
        inputArtifacts = Checks.list(inputArtifacts, "input_artifacts");
    }

    /**
     * {@return the same request with a structured-output validation error appended, for the one retry}
     *
     * @param error why the call failed or was refused, if it did
     */
    public ExecutorRequest withValidationError(String error) {
        return new ExecutorRequest(workItemId, attempt, instructions + StructuredCalls.retryNote(error), tools,
                inputArtifacts);
    }
}
