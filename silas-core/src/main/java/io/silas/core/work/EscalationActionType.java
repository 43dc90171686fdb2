package io.silas.core.work;

/** What an escalation does when a gate blocks or verification fails (docs/contracts.md#work-items-and-plans, #gates). */
public enum EscalationActionType {
    /** Log to audit and notify the owner. */
    REPORT,
    /** Request human takeover; falls back to {@code transfer_to_queue} (if a queue is set), then report. */
    ESCALATE_HUMAN,
    /** Send the message, then transfer to {@code queue}. */
    TRANSFER_TO_QUEUE,
    /** Suppress the response, re-run the agent with {@code instruction} up to {@code max_retries}, then {@code fallback}. */
    SUPPRESS_AND_REPHRASE,
    /** Suppress the response, send the message, then run {@code fallback}. */
    SUPPRESS_AND_ESCALATE,
    /** Send {@code message} as the response. */
    RESPOND,
    /** Create a fix task from the failure context. */
    SPAWN_TASK,
    /** Re-execute the current step up to {@code max_retries}, then {@code fallback}. */
    RETRY
}
