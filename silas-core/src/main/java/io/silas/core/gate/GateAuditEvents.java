package io.silas.core.gate;

/**
 * Audit event names written by gate runners and escalation policies, so hosts and tests can query the audit
 * log ({@code AuditLog.findByEvent}) without string literals. Entries carry gate and key names, reasons and
 * hashes — never message, response or argument text.
 */
public final class GateAuditEvents {
    /** A {@code modified_context} key was dropped: {@code gate}, {@code key}, {@code reason}. */
    public static final String REJECTED_MUTATION = "rejected_mutation";
    /** An accepted policy mutation: {@code gate}, {@code key}, SHA-256 of the old and new value. */
    public static final String GATE_MUTATION = "gate_mutation";
    /** A quality gate tried to block / require approval: {@code gate}, {@code action}. */
    public static final String QUALITY_LANE_VIOLATION = "quality_lane_violation";
    /** A policy gate blocked: {@code gate}, {@code reason}, {@code sender_id}, {@code trigger}, {@code escalates}. */
    public static final String GATE_BLOCKED = "gate_blocked";
    /** A quality gate result: {@code gate}, {@code score}, {@code flags}, {@code trigger}. */
    public static final String QUALITY_GATE_RESULT = "quality_gate_result";
    /** A provider threw or returned null: {@code gate}, {@code provider}, {@code lane}, {@code error}. */
    public static final String GATE_PROVIDER_ERROR = "gate_provider_error";
    /** The per-turn evaluation cap was reached: {@code gate}, {@code limit}. */
    public static final String GATE_EVAL_LIMIT_EXCEEDED = "gate_eval_limit_exceeded";
    /** A discovered or registered provider was skipped: {@code provider}, {@code reason}. */
    public static final String GATE_PROVIDER_SKIPPED = "gate_provider_skipped";
    /** An {@code on_block}/fallback name resolved nowhere; {@code report} was used: {@code escalation}. */
    public static final String ESCALATION_UNRESOLVED = "escalation_unresolved";

    private GateAuditEvents() {
    }
}
