package io.silas.core.work;

/**
 * The execution lane of a work item ({@code WorkItem.agent}, docs/contracts.md#work-items-and-plans): {@code ephemeral}
 * items are executable work dispatched to the {@code WorkItemExecutor} in a sandbox; {@code stream} items configure the
 * long-lived Stream (for example an {@code always_on} chatbot goal) and are never executed as a task.
 */
public enum AgentLane {
    /** Wire value {@code ephemeral}. */
    EPHEMERAL,
    /** Wire value {@code stream}. */
    STREAM
}
