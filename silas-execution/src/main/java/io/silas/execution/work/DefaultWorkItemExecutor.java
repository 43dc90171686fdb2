package io.silas.execution.work;

import io.silas.core.error.SilasException;
import io.silas.core.work.ExecutionContext;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemExecutor;
import io.silas.core.work.WorkItemResult;

/**
 * Dispatches a work item to its run by type; see {@link WorkExecution}. A call with an {@link ExecutionContext} runs
 * over a copy of the collaborators whose listener and approval prompter are the context's, so the recipient is a
 * property of the call, never of a thread.
 */
final class DefaultWorkItemExecutor implements WorkItemExecutor {
    private final WorkDeps deps;

    DefaultWorkItemExecutor(WorkDeps deps) {
        this.deps = deps;
    }

    @Override
    public WorkItemResult execute(WorkItem item) {
        return run(item, deps);
    }

    @Override
    public WorkItemResult execute(WorkItem item, ExecutionContext context) {
        if (context == null) {
            throw SilasException.invalid("context", "is required");
        }
        return run(item, deps.forCall(context.listener(), context.prompter()));
    }

    private static WorkItemResult run(WorkItem item, WorkDeps call) {
        if (item == null) {
            throw SilasException.invalid("item", "is required");
        }
        WorkRecorder recorder = new WorkRecorder(call.shared());
        ExecutionEntry entry = new ExecutionEntry(call.shared(), recorder);
        TaskRun tasks = new TaskRun(call, recorder, entry);
        ProjectRun projects = new ProjectRun(call, recorder, tasks, entry);
        GoalRun goals = new GoalRun(call, recorder, tasks, entry);
        return switch (item.type()) {
            case TASK -> tasks.run(item);
            case PROJECT -> projects.run(item);
            case GOAL -> goals.run(item);
        };
    }
}
