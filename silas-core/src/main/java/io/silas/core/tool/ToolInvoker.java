package io.silas.core.tool;

import java.util.List;

/**
 * The only way an executor agent acts (docs/contracts.md#work-execution, #tool-calls). For every {@link #invoke} the
 * runtime, in order: looks the tool up among the exposed (prepared and access-filtered) tools, validates the arguments,
 * runs the
 * {@code on_tool_call} gates (policy lane; rewritten {@code tool_args} are what runs; a block returns the reason and
 * nothing runs), pauses for a fresh approval when a gate or the toolset requires one (declined: nothing runs),
 * executes in a sandbox, records the call in the ledger, and runs the {@code after_step} gates on its output.
 *
 * <p>Refusals and failures are results, never exceptions. Calls are processed one at a time in call order, so
 * concurrent calls from one agent are serialised. Only valid for the attempt it was handed to.
 *
 * <p><b>Security guarantees:</b> nothing the agent passes can skip a step above; only the ledger, not the agent,
 * decides which artifacts exist.
 */
public interface ToolInvoker {
    /** {@return the tools the agent may call in this attempt} */
    List<ToolDefinition> tools();

    /**
     * Runs one tool call through the full gated path.
     *
     * @param call the agent call
     * @return the tool result
     */
    ToolResult invoke(ToolCall call);
}
