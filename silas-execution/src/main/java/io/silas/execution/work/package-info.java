/**
 * The work executor: {@link io.silas.execution.work.WorkExecution} is the entry point. Tasks, projects and goal
 * cycles, attempts with gated tool calls, budgets, artifact dirs and the shell/python executors
 * ({@link io.silas.execution.work.ExecutorRegistry}) run every command in a sandbox from
 * {@link io.silas.execution.sandbox}.
 */
@NullMarked
package io.silas.execution.work;

import org.jspecify.annotations.NullMarked;
