package io.silas.core.context;

/**
 * Content type of a {@link ContextItem}; drives the metadata tag rendered around the block
 * (docs/contracts.md#context-window). On the wire this field is a string with exactly these values; Java makes it an
 * enum.
 */
public enum ContextKind {
    /** Wire value {@code message}. */
    MESSAGE,
    /** Wire value {@code tool_result}. */
    TOOL_RESULT,
    /** Wire value {@code memory}. */
    MEMORY,
    /** Wire value {@code plan}. */
    PLAN,
    /** Wire value {@code execution_result}. */
    EXECUTION_RESULT,
    /** Wire value {@code subscription}. */
    SUBSCRIPTION,
    /** Wire value {@code system}. */
    SYSTEM
}
