package io.silas.core.work;

/** Lifecycle state of a work item, managed by the runtime and never by an agent (docs/contracts.md#work-items-and-plans). */
public enum WorkItemStatus {
    PENDING,
    RUNNING,
    HEALTHY,
    DONE,
    FAILED,
    STUCK,
    BLOCKED,
    PAUSED
}
