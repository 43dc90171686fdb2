package io.silas.core.work;

/** Lifecycle state of a work item, managed by the runtime and never by an agent (docs/contracts.md#work-items-and-plans). */
public enum WorkItemStatus {
    /** Wire value {@code pending}. */
    PENDING,
    /** Wire value {@code running}. */
    RUNNING,
    /** Wire value {@code healthy}. */
    HEALTHY,
    /** Wire value {@code done}. */
    DONE,
    /** Wire value {@code failed}. */
    FAILED,
    /** Wire value {@code stuck}. */
    STUCK,
    /** Wire value {@code blocked}. */
    BLOCKED,
    /** Wire value {@code paused}. */
    PAUSED
}
