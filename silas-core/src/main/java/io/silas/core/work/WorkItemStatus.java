package io.silas.core.work;

/** Lifecycle state of a work item, managed by the runtime and never by an agent (spec §3.3). */
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
