package io.silas.core.error;

/**
 * The groups of the error taxonomy. Each category has one handling policy (see README "Errors"):
 * configuration errors refuse start, approval errors are hard denials, quality gates fail open, and so on.
 */
public enum ErrorCategory {
    CFG,
    LLM,
    DB,
    SANDBOX,
    GATE,
    CHANNEL,
    APPROVAL,
    SECRET,
    CONNECTION,
    SEARCH,
    ADMISSION,
    INPUT,
    /** The documented fallback for failures nobody anticipated; always a bug to report. */
    INTERNAL
}
