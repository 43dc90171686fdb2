package io.silas.core.tool;

/** How a tool call ended. Only {@link #OK} calls contribute artifacts. Wire values are the lower-case names. */
public enum ToolCallStatus {
    /** Executed and succeeded. */
    OK,
    /** Executed and failed (non-zero exit, timeout, limit, sandbox failure). */
    ERROR,
    /** No such tool is exposed. */
    NOT_FOUND,
    /** The tool exists but is not allowed for this work item (access filtering). */
    FILTERED,
    /** The arguments failed validation; nothing ran. */
    INVALID_ARGS,
    /** A policy gate blocked the call, or execution was halted by a gate; nothing ran. */
    BLOCKED,
    /** The call needed a fresh approval and did not get one; nothing ran. */
    APPROVAL_DECLINED,
    /** The work item's budget was exhausted; nothing ran. */
    BUDGET_EXHAUSTED
}
