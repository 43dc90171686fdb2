package io.silas.core.error;

import org.jspecify.annotations.Nullable;

/**
 * The single unchecked exception of the SDK. It names what went wrong through an {@link ErrorCode} and
 * carries the correlation ids (turn, scope, work item) that let an operator find the audit entries and log lines.
 * An exception created during a turn or a work-item run takes the ids in force on its thread ({@link Correlation});
 * {@link #withCorrelation} adds ids where it passes a turn boundary. {@link #toString()} shows them.
 *
 * <p>Messages describe the problem for a developer (field names, reasons) but never contain secret values.
 * Show {@link ErrorCode#userMessage()} to end users instead of {@link #getMessage()}.
 */
public final class SilasException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The code. */
    private final ErrorCode code;
    /** The turn id. */
    private final @Nullable String turnId;
    /** The scope id. */
    private final @Nullable String scopeId;
    /** The work item id. */
    private final @Nullable String workItemId;

    /**
     * An exception carrying the correlation ids in force on this thread ({@link Correlation#current()}).
     *
     * @param code    what went wrong
     * @param message a developer-facing description without secret values
     */
    public SilasException(ErrorCode code, String message) {
        this(code, message, null, Correlation.current());
    }

    /**
     * An exception with a cause, carrying the correlation ids in force on this thread.
     *
     * @param code    what went wrong
     * @param message a developer-facing description without secret values
     * @param cause   the underlying failure, or null
     */
    public SilasException(ErrorCode code, String message, @Nullable Throwable cause) {
        this(code, message, cause, Correlation.current());
    }

    private SilasException(ErrorCode code, String message, @Nullable Throwable cause, Correlation.Ids ids) {
        this(code, message, cause, ids.turnId(), ids.scopeId(), ids.workItemId());
    }

    private SilasException(ErrorCode code, String message, @Nullable Throwable cause,
                           @Nullable String turnId, @Nullable String scopeId, @Nullable String workItemId) {
        super(message, cause);
        this.code = java.util.Objects.requireNonNull(code, "code");
        this.turnId = turnId;
        this.scopeId = scopeId;
        this.workItemId = workItemId;
    }

    /**
     * Shorthand for an {@link ErrorCode#INVALID_INPUT} naming the offending field.
     *
     * @param field the field the problem is in
     * @param problem what is wrong with it
     * @return the silas exception
     */
    public static SilasException invalid(String field, String problem) {
        return new SilasException(ErrorCode.INVALID_INPUT, field + ": " + problem);
    }

    /**
     * {@return a copy carrying the given correlation ids (null keeps the current value)}
     *
     * @param turn the turn
     * @param scope the scope the token will carry
     * @param workItem the work item
     */
    public SilasException withCorrelation(@Nullable String turn, @Nullable String scope, @Nullable String workItem) {
        SilasException copy = new SilasException(code, getMessage(), getCause(),
                turn != null ? turn : turnId, scope != null ? scope : scopeId,
                workItem != null ? workItem : workItemId);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** {@return the code} */
    public ErrorCode code() {
        return code;
    }

    /** {@return the turn id} */
    public @Nullable String turnId() {
        return turnId;
    }

    /** {@return the scope id} */
    public @Nullable String scopeId() {
        return scopeId;
    }

    /** {@return the work item id} */
    public @Nullable String workItemId() {
        return workItemId;
    }

    /**
     * The code, the correlation ids that are set and the message, e.g.
     * {@code SilasException[internal] (scope=web:1, turn=3): turn failed}.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("SilasException[").append(code.id()).append(']');
        if (scopeId != null || turnId != null || workItemId != null) {
            String sep = " (";
            if (scopeId != null) {
                text.append(sep).append("scope=").append(scopeId);
                sep = ", ";
            }
            if (turnId != null) {
                text.append(sep).append("turn=").append(turnId);
                sep = ", ";
            }
            if (workItemId != null) {
                text.append(sep).append("work_item=").append(workItemId);
            }
            text.append(')');
        }
        return text.append(": ").append(getMessage()).toString();
    }
}
