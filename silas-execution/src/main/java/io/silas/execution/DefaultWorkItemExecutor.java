package io.silas.execution;

import io.silas.core.error.SilasException;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemExecutor;
import io.silas.core.work.WorkItemResult;

/** Dispatches a work item to its run by type; see {@link WorkExecution}. */
final class DefaultWorkItemExecutor implements WorkItemExecutor {
    private final TaskRun tasks;
    private final ProjectRun projects;
    private final GoalRun goals;

    DefaultWorkItemExecutor(WorkDeps deps) {
        WorkRecorder recorder = new WorkRecorder(deps);
        ExecutionEntry entry = new ExecutionEntry(deps, recorder);
        this.tasks = new TaskRun(deps, recorder, entry);
        this.projects = new ProjectRun(deps, recorder, tasks, entry);
        this.goals = new GoalRun(deps, recorder, tasks, entry);
    }

    @Override
    public WorkItemResult execute(WorkItem item) {
        if (item == null) {
            throw SilasException.invalid("item", "is required");
        }
        return switch (item.type()) {
            case TASK -> tasks.run(item);
            case PROJECT -> projects.run(item);
            case GOAL -> goals.run(item);
        };
    }
}
