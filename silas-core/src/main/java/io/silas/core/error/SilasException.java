package io.silas.core.error;

import org.jspecify.annotations.Nullable;

/**
 * The single unchecked exception of the SDK. It names what went wrong through an {@link ErrorCode} and
 * carries the correlation ids (turn, scope, work item) that let an operator find the audit entries.
 *
 * <p>Messages describe the problem for a developer (field names, reasons) but never contain secret values.
 * Show {@link ErrorCode#userMessage()} to end users instead of {@link #getMessage()}.
 */
public final class SilasException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final @Nullable String turnId;
    private final @Nullable String scopeId;
    private final @Nullable String workItemId;

    public SilasException(ErrorCode code, String message) {
        this(code, message, null, null, null, null);
    }

    public SilasException(ErrorCode code, String message, @Nullable Throwable cause) {
        this(code, message, cause, null, null, null);
    }

    private SilasException(ErrorCode code, String message, @Nullable Throwable cause,
                           @Nullable String turnId, @Nullable String scopeId, @Nullable String workItemId) {
        super(message, cause);
        this.code = java.util.Objects.requireNonNull(code, "code");
        this.turnId = turnId;
        this.scopeId = scopeId;
        this.workItemId = workItemId;
    }

    /** Shorthand for an {@link ErrorCode#INVALID_INPUT} naming the offending field. */
    public static SilasException invalid(String field, String problem) {
        return new SilasException(ErrorCode.INVALID_INPUT, field + ": " + problem);
    }

    /** Returns a copy carrying the given correlation ids (null keeps the current value). */
    public SilasException withCorrelation(@Nullable String turn, @Nullable String scope, @Nullable String workItem) {
        SilasException copy = new SilasException(code, getMessage(), getCause(),
                turn != null ? turn : turnId, scope != null ? scope : scopeId,
                workItem != null ? workItem : workItemId);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    public ErrorCode code() {
        return code;
    }

    public @Nullable String turnId() {
        return turnId;
    }

    public @Nullable String scopeId() {
        return scopeId;
    }

    public @Nullable String workItemId() {
        return workItemId;
    }

    @Override
    public String toString() {
        return "SilasException[" + code.id() + "]: " + getMessage();
    }
}
