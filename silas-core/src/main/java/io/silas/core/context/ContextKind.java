package io.silas.core.context;

/**
 * Content type of a {@link ContextItem}; drives the metadata tag rendered around the block
 * (docs/contracts.md#context-window). On the wire this field is a string with exactly these values; Java makes it an
 * enum.
 */
public enum ContextKind {
    MESSAGE,
    TOOL_RESULT,
    MEMORY,
    PLAN,
    EXECUTION_RESULT,
    SUBSCRIPTION,
    SYSTEM
}
