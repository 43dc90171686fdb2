package io.silas.core.vocabulary;

/**
 * What kind of work an item is; the type decides how the executor runs it (docs/contracts.md#work-items-and-plans).
 * Wire values are the lower-case constant names.
 */
public enum WorkItemType {
    /** Bounded, single-agent execution with a retry loop. */
    TASK,
    /** A collection of tasks run in dependency order. */
    PROJECT,
    /** Indefinite, scheduled verification that spawns fix tasks on failure. */
    GOAL
}
