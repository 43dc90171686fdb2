package io.silas.core.error;

/**
 * The complete error taxonomy of the SDK. Every {@link SilasException} carries exactly one code.
 *
 * <p>The {@link #id() id} is stable across releases and safe to match on; the {@link #userMessage()} is
 * safe to show to an end user (it never contains input, paths or secrets); {@link #retryable()} says
 * whether repeating the same call may succeed.
 */
public enum ErrorCode {
    // CFG: refuse to start.
    /** Wire value {@code config_invalid}. */
    CONFIG_INVALID(ErrorCategory.CFG, false, "The assistant is misconfigured and cannot start."),
    /** Wire value {@code missing_collaborator}. */
    MISSING_COLLABORATOR(ErrorCategory.CFG, false, "The assistant is missing a required component."),

    // INPUT: the caller passed something malformed.
    /** Wire value {@code invalid_input}. */
    INVALID_INPUT(ErrorCategory.INPUT, false, "The request was not valid."),
    /** Wire value {@code not_found}. */
    NOT_FOUND(ErrorCategory.INPUT, false, "The requested item does not exist."),
    /** Wire value {@code input_too_large}. */
    INPUT_TOO_LARGE(ErrorCategory.INPUT, false, "That is too large to be accepted; please send something shorter."),

    // LLM: bounded retry, then deterministic fallback.
    /** Wire value {@code llm_unavailable}. */
    LLM_UNAVAILABLE(ErrorCategory.LLM, true, "The language model is temporarily unavailable."),
    /** Wire value {@code llm_output_invalid}. */
    LLM_OUTPUT_INVALID(ErrorCategory.LLM, true, "The language model returned an unusable answer."),

    // DB: retry transient locks, fail closed on corruption.
    /** Wire value {@code db_busy}. */
    DB_BUSY(ErrorCategory.DB, true, "Storage is busy; please retry."),
    /** Wire value {@code db_corrupt}. */
    DB_CORRUPT(ErrorCategory.DB, false, "Storage is damaged; the assistant stopped to protect your data."),
    /** Wire value {@code db_migration_mismatch}. */
    DB_MIGRATION_MISMATCH(ErrorCategory.DB, false, "Storage was written by an incompatible version."),
    /** Wire value {@code db_failure}. */
    DB_FAILURE(ErrorCategory.DB, false, "Storage failed."),
    /** Wire value {@code audit_chain_broken}. */
    AUDIT_CHAIN_BROKEN(ErrorCategory.DB, false, "The audit log failed its integrity check."),
    /** Another process (or bundle) already has the database open read-write: one process per database file. */
    STORE_LOCKED(ErrorCategory.DB, false, "Storage is in use by another running assistant."),

    // SANDBOX: the item is blocked or failed; verification is never skipped.
    /** Wire value {@code sandbox_isolation_unavailable}. */
    SANDBOX_ISOLATION_UNAVAILABLE(ErrorCategory.SANDBOX, false,
            "Work cannot run because the isolation sandbox is unavailable on this machine."),
    /** Wire value {@code sandbox_failure}. */
    SANDBOX_FAILURE(ErrorCategory.SANDBOX, false, "The sandboxed work could not be run."),

    // GATE: policy fails closed, quality fails open.
    /** Wire value {@code gate_failure}. */
    GATE_FAILURE(ErrorCategory.GATE, false, "A safety check could not be evaluated."),

    // CHANNEL: safe defaults.
    /** Wire value {@code channel_failure}. */
    CHANNEL_FAILURE(ErrorCategory.CHANNEL, true, "The message could not be delivered."),
    /** Wire value {@code channel_timeout}. */
    CHANNEL_TIMEOUT(ErrorCategory.CHANNEL, false, "No answer arrived in time; the safe default was applied."),

    // APPROVAL: hard deny + audit.
    /** Wire value {@code approval_denied}. */
    APPROVAL_DENIED(ErrorCategory.APPROVAL, false, "This action is not approved."),

    // SECRET
    /** Wire value {@code secret_store_failure}. */
    SECRET_STORE_FAILURE(ErrorCategory.SECRET, false, "The secret store could not be opened."),
    /** Wire value {@code secret_not_found}. */
    SECRET_NOT_FOUND(ErrorCategory.SECRET, false, "A required secret is missing."),
    /** Wire value {@code secret_ref_unknown}. */
    SECRET_REF_UNKNOWN(ErrorCategory.SECRET, false, "This secure input link is unknown or has expired."),
    /** Wire value {@code secret_ref_consumed}. */
    SECRET_REF_CONSUMED(ErrorCategory.SECRET, false, "This secure input link was already used."),

    // CONNECTION
    /** Wire value {@code connection_failure}. */
    CONNECTION_FAILURE(ErrorCategory.CONNECTION, true, "The connection to an external service failed."),

    // SEARCH
    /** Wire value {@code search_auth_failed}. */
    SEARCH_AUTH_FAILED(ErrorCategory.SEARCH, false, "Web search is not authorised; check the API key."),
    /** Wire value {@code search_rate_limited}. */
    SEARCH_RATE_LIMITED(ErrorCategory.SEARCH, true, "Web search is rate limited; please retry later."),
    /** Wire value {@code search_upstream_error}. */
    SEARCH_UPSTREAM_ERROR(ErrorCategory.SEARCH, true, "The web search provider failed."),
    /** Wire value {@code search_timeout}. */
    SEARCH_TIMEOUT(ErrorCategory.SEARCH, true, "Web search timed out."),
    /** Wire value {@code search_provider_error}. */
    SEARCH_PROVIDER_ERROR(ErrorCategory.SEARCH, false, "The web search provider returned an unusable answer."),

    // ADMISSION
    /** Wire value {@code admission_busy}. */
    ADMISSION_BUSY(ErrorCategory.ADMISSION, true, "I'm busy right now; please retry in a moment."),
    /** Wire value {@code admission_rate_limited}. */
    ADMISSION_RATE_LIMITED(ErrorCategory.ADMISSION, true, "Too many messages; please slow down."),
    /** Wire value {@code admission_shutting_down}. */
    ADMISSION_SHUTTING_DOWN(ErrorCategory.ADMISSION, true, "The assistant is shutting down; please retry soon."),

    // INTERNAL: the fallback for the unexpected.
    /** Wire value {@code internal}. */
    INTERNAL(ErrorCategory.INTERNAL, false, "Something went wrong inside the assistant.");

    private final ErrorCategory category;
    private final boolean retryable;
    private final String userMessage;

    ErrorCode(ErrorCategory category, boolean retryable, String userMessage) {
        this.category = category;
        this.retryable = retryable;
        this.userMessage = userMessage;
    }

    /**
     * Stable identifier, e.g. {@code sandbox.isolation_unavailable}.
     *
     * @return the string
     */
    public String id() {
        return category.name().toLowerCase(java.util.Locale.ROOT) + "." + name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@return the category} */
    public ErrorCategory category() {
        return category;
    }

    /** {@return whether retryable} */
    public boolean retryable() {
        return retryable;
    }

    /** {@return a message safe to show an end user: contains no input, paths, ids or secrets} */
    public String userMessage() {
        return userMessage;
    }
}
