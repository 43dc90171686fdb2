package io.silas.core.context;

/**
 * Content type of a {@link ContextItem}; drives the metadata tag rendered around the block (spec §3.5).
 * The spec types this field as a string with exactly these values; Java makes it an enum.
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
