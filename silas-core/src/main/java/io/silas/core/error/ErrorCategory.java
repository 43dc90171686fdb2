package io.silas.core.error;

/**
 * The groups of the error taxonomy. Each category has one handling policy (see README "Errors"):
 * configuration errors refuse start, approval errors are hard denials, quality gates fail open, and so on.
 */
public enum ErrorCategory {
    /** Wire value {@code cfg}. */
    CFG,
    /** Wire value {@code llm}. */
    LLM,
    /** Wire value {@code db}. */
    DB,
    /** Wire value {@code sandbox}. */
    SANDBOX,
    /** Wire value {@code gate}. */
    GATE,
    /** Wire value {@code channel}. */
    CHANNEL,
    /** Wire value {@code approval}. */
    APPROVAL,
    /** Wire value {@code secret}. */
    SECRET,
    /** Wire value {@code connection}. */
    CONNECTION,
    /** Wire value {@code search}. */
    SEARCH,
    /** Wire value {@code admission}. */
    ADMISSION,
    /** Wire value {@code input}. */
    INPUT,
    /** The documented fallback for failures nobody anticipated; always a bug to report. */
    INTERNAL
}
