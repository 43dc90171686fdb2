package io.silas.core.observe;

/**
 * The operations the runtime reports, each with the name of its timer and span. Each is timed and tagged as listed;
 * {@link ObservationKeys#OUTCOME} is on all of them.
 */
public enum Operation {
    /** One turn of a scope; tags {@code scope_kind}, {@code lane}; ids scope and turn. */
    TURN("silas.turn"),
    /** One gate lane check of a turn (input or output); tags {@code lane}, {@code gate} (the blocking gate). */
    GATE_CHECK("silas.gate.check"),
    /** One proxy or planner call with its retries; tag {@code agent}. */
    AGENT_CALL("silas.agent.call"),
    /** An approval token issued; tag {@code approval_scope}. */
    APPROVAL_ISSUE("silas.approval.issue"),
    /** An approval token verified, checked or entered; {@code outcome} is the check's reason. */
    APPROVAL_VERIFY("silas.approval.verify"),
    /** One command in a sandbox; tag {@code reason} (how it terminated). */
    SANDBOX_RUN("silas.sandbox.run"),
    /** One verification run of a work item's checks; {@code outcome} passed or failed. */
    VERIFICATION("silas.verification"),
    /** One tool call of an executor agent; tag {@code tool}. */
    TOOL_CALL("silas.tool.call"),
    /** One run of a scheduled job; tag {@code job} (the job name's kind, before the first ':'). */
    SCHEDULED_JOB("silas.scheduled.job"),
    /** One work-item execution; id work item; {@code outcome} the result's status. */
    WORK_RUN("silas.work.run");

    private final String meterName;

    Operation(String meterName) {
        this.meterName = meterName;
    }

    /**
     * The timer and span name.
     *
     * @return e.g. {@code silas.turn}
     */
    public String meterName() {
        return meterName;
    }
}
