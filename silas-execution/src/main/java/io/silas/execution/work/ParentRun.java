package io.silas.execution.work;

import io.silas.core.audit.AuditData;
import io.silas.core.execution.VerificationReport;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import java.nio.file.Path;

/**
 * A run of a work item that owns tasks (a goal or a project): it starts only through {@link ExecutionEntry}, runs
 * its tasks through the task loop and its own checks through the verification runner, auditing their outcome.
 */
abstract class ParentRun {
    final WorkDeps deps;
    final WorkRecorder recorder;
    final TaskRun tasks;
    private final ExecutionEntry entry;

    ParentRun(WorkDeps deps, WorkRecorder recorder, TaskRun tasks, ExecutionEntry entry) {
        this.entry = entry;
        this.deps = deps;
        this.recorder = recorder;
        this.tasks = tasks;
    }

    /** Runs the item once its entry (approval) check admits it; else the entry's result. */
    final WorkItemResult run(WorkItem start) {
        return entry.run(start, this::entered);
    }

    /** The run of an admitted item. */
    abstract WorkItemResult entered(WorkItem start);

    /**
     * Runs the item's own checks against {@code artifacts} and audits {@code event} with whether all passed and
     * the names of the failed ones.
     */
    final VerificationReport check(WorkItem item, Path artifacts, String event) {
        VerificationReport report = deps.verification().run(item.verify(), artifacts);
        recorder.audit(event, item, AuditData.create().put("all_passed", report.allPassed())
                .put("failed", report.failed().stream().map(r -> r.name()).toList()));
        return report;
    }
}
