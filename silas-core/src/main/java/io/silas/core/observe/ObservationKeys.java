package io.silas.core.observe;

import io.silas.core.error.Correlation;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;

/** The tag and id keys the runtime uses on operations and counters. */
public final class ObservationKeys {
    /** Tag: how scopes are formed ({@code connection} per connection, {@code owner} in single-user mode). */
    public static final String SCOPE_KIND = "scope_kind";
    /** Tag: the admission lane of a turn ({@code owner} or {@code sheddable}), or a gate check's lane. */
    public static final String LANE = "lane";
    /** Tag: how the operation ended. */
    public static final String OUTCOME = "outcome";
    /** Tag: the stable error code of a failed operation. */
    public static final String ERROR_CODE = "error_code";
    /** Tag: a gate's configured name. */
    public static final String GATE = "gate";
    /** Tag: which agent was called ({@code proxy}, {@code planner}). */
    public static final String AGENT = "agent";
    /** Tag: a tool's configured name. */
    public static final String TOOL = "tool";
    /** Tag: a scheduled job's kind (its name before the first ':'). */
    public static final String JOB = "job";
    /** Tag: why something ended (a sandbox's termination reason). */
    public static final String REASON = "reason";
    /** Tag: a drain's result for a turn. */
    public static final String RESULT = "result";
    /** Tag: an approval's scope ({@code full_plan}, {@code batch}, ...). */
    public static final String APPROVAL_SCOPE = "approval_scope";
    /** Id: the scope id (same key as in the MDC). */
    public static final String SCOPE_ID = Correlation.MDC_SCOPE_ID;
    /** Id: the turn id (same key as in the MDC). */
    public static final String TURN_ID = Correlation.MDC_TURN_ID;
    /** Id: the work-item id (same key as in the MDC). */
    public static final String WORK_ITEM_ID = Correlation.MDC_WORK_ITEM_ID;

    private ObservationKeys() {
    }

    /**
     * The {@link #ERROR_CODE} tag value of a failure.
     *
     * @param failure what an operation threw
     * @return the stable id of its code; {@code internal} for anything but a {@link SilasException}
     */
    public static String errorCode(Throwable failure) {
        return failure instanceof SilasException se ? se.code().id() : ErrorCode.INTERNAL.id();
    }
}
