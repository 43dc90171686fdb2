package io.silas.core.work;

/**
 * For "direct" work items whose {@code body} is itself the command ({@code shell}) or script
 * ({@code python}) to run, without an executor agent. Part of the plan hash: changing the interpreter
 * of an approved body requires a fresh approval.
 */
public enum DirectExecutor {
    /** Wire value {@code shell}. */
    SHELL,
    /** Wire value {@code python}. */
    PYTHON
}
