package io.silas.core.tool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ExecutionResult;
import org.jspecify.annotations.Nullable;

/**
 * One tool call as it actually happened: the arguments that ran (after gate rewrites), how it ended, and for
 * executed calls the full {@link ExecutionResult}. Immutable (arguments are copied in and out).
 *
 * @param sequence 0-based order within the attempt
 * @param toolName the tool
 * @param args     the arguments that ran (or would have run, for refusals)
 * @param status   how the call ended
 * @param result   the execution result of an executed call ({@code ok} or {@code error}); null for refusals
 * @param reason   the refusal or failure reason, if any
 */
public record ToolLedgerEntry(int sequence, String toolName, ObjectNode args, ToolCallStatus status,
                              @Nullable ExecutionResult result, @Nullable String reason) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param sequence 0-based order within the attempt
     * @param toolName the tool
     * @param args     the arguments that ran (or would have run, for refusals)
     * @param status   how the call ended
     * @param result   the execution result of an executed call ({
     * @param reason   the refusal or failure reason, if any /
public
     */
    public ToolLedgerEntry {
        if (sequence < 0 || toolName == null || status == null) {
            throw SilasException.invalid("tool_ledger_entry", "sequence, tool_name and status are required");
        }
        boolean executed = status == ToolCallStatus.OK || status == ToolCallStatus.ERROR;
        if (executed != (result != null)) {
            throw SilasException.invalid("result", "is present exactly for executed calls");
        }
        if (status == ToolCallStatus.OK && !result.success()) {
            throw SilasException.invalid("status", "ok requires a successful result");
        }
        args = args == null ? JsonNodeFactory.instance.objectNode() : args.deepCopy();
    }

    /** {@return the arguments (a copy)} */
    @Override
    public ObjectNode args() {
        return args.deepCopy();
    }

    /** {@return whether the call ran and succeeded} */
    public boolean succeeded() {
        return status == ToolCallStatus.OK;
    }
}
