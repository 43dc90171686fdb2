package io.silas.core.agent;

import io.silas.core.tool.ToolInvoker;

/**
 * The host-supplied executing model of a task attempt (docs/contracts.md#work-execution). It reads
 * {@link ExecutorRequest#instructions()}, calls tools only through the given {@link ToolInvoker}, and returns a
 * structured {@link ExecutorAgentOutput}. Always called through {@link StructuredCalls#executor}.
 *
 * <p>Implementations return a valid output or throw {@code SilasException} with {@code LLM_OUTPUT_INVALID} when
 * the model's answer does not fit the schema; any other exception fails the attempt. Thread-safe.
 *
 * <p><b>Security guarantees:</b> the agent cannot reach a sandbox, an approval or the file system except through
 * the invoker, where every call is validated, gated, possibly paused for approval and recorded. What the agent
 * reports (summary, artifact references) never decides success: verification does.
 */
@FunctionalInterface
public interface ExecutorAgent {
    /**
     * Runs one attempt of a task: reads the instructions, acts only through the invoker, and reports.
     *
     * @param request the attempt's instructions and context
     * @param tools   the only way to act: every call is validated, gated and recorded
     * @return what the agent reports (never decides success)
     */
    ExecutorAgentOutput run(ExecutorRequest request, ToolInvoker tools);
}
