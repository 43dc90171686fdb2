package io.silas.execution.work;

import io.silas.core.error.SilasException;
import io.silas.core.execution.VerificationReport;
import io.silas.core.work.BudgetUsed;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.core.work.WorkProgress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Project execution (docs/contracts.md#work-execution): the project's own approval is checked, its tasks are loaded
 * from the store and run in topological {@code depends_on} order (ties in {@code tasks} order) through the task loop —
 * each task with its own approval — then the project-level checks run against the merged task artifacts.
 *
 * <p>Tasks already {@code done} are not re-run. Before a task starts every dependency must be {@code done} (inside
 * or outside the project), else the task and the project end {@code blocked}; a task that ends {@code blocked}
 * blocks the project, any other unfinished end fails it. A cycle is {@code INVALID_INPUT} before anything runs.
 */
final class ProjectRun extends ParentRun {
    ProjectRun(WorkDeps deps, WorkRecorder recorder, TaskRun tasks, ExecutionEntry entry) {
        super(deps, recorder, tasks, entry);
    }

    @Override
    WorkItemResult entered(WorkItem start) {
        WorkItem project = start;
        Map<String, WorkItem> children = new LinkedHashMap<>();
        for (String id : project.tasks()) {
            Optional<WorkItem> child = deps.shared().store().get(id);
            if (child.isEmpty()) {
                return recorder.blocked(project, "task '" + id + "' of the project was not found");
            }
            children.put(id, child.get());
        }
        List<WorkItem> order = topologicalOrder(children);
        project = recorder.persist(project.withStatus(WorkItemStatus.RUNNING));
        recorder.progress(project, WorkProgress.RUNNING, "running " + order.size() + " task(s)");
        Map<String, String> artifacts = new LinkedHashMap<>();
        BudgetUsed used = project.budgetUsed();
        for (WorkItem task : order) {
            WorkItem current = deps.shared().store().get(task.id()).orElse(task);
            if (current.status() == WorkItemStatus.DONE) {
                deps.artifacts().read(task.id()).ifPresent(artifacts::putAll);
                continue;
            }
            Optional<String> unmet = unmetDependency(current);
            if (unmet.isPresent()) {
                recorder.blocked(current, unmet.get());
                return recorder.blocked(project.withBudgetUsed(used), unmet.get());
            }
            WorkItemResult result = tasks.run(current);
            used = used.merge(result.budgetUsed());
            if (result.status() == WorkItemStatus.BLOCKED) {
                return recorder.blocked(project.withBudgetUsed(used),
                        "task '" + task.id() + "' blocked: " + result.lastError());
            }
            if (result.status() != WorkItemStatus.DONE) {
                String reason = "task '" + task.id() + "' ended " + WorkRecorder.wire(result.status()) + ": "
                        + result.lastError();
                return recorder.finish(project.withBudgetUsed(used), WorkItemStatus.FAILED, "Failed: " + reason,
                        reason, result.verificationResults(), artifacts, List.of());
            }
            artifacts.putAll(result.artifacts());
        }
        project = project.withBudgetUsed(used);
        var dir = deps.artifacts().replace(project.id(), artifacts);
        if (project.verify().isEmpty()) {
            return recorder.finish(project, WorkItemStatus.DONE, "All " + order.size() + " task(s) done", null,
                    List.of(), artifacts, List.of());
        }
        VerificationReport report = check(project, dir, WorkExecution.EVENT_VERIFICATION);
        project = project.withVerificationResults(report.results());
        if (report.allPassed()) {
            return recorder.finish(project, WorkItemStatus.DONE, "All " + order.size() + " task(s) done and verified",
                    null, report.results(), artifacts, List.of());
        }
        String reason = "project verification failed: " + TaskRun.describe(report.failed());
        return recorder.finish(project, WorkItemStatus.FAILED, "Failed: " + reason, reason, report.results(),
                artifacts, List.of());
    }

    private Optional<String> unmetDependency(WorkItem task) {
        for (String dep : task.dependsOn()) {
            Optional<WorkItem> found = deps.shared().store().get(dep);
            if (found.isEmpty()) {
                return Optional.of("task '" + task.id() + "' depends on '" + dep + "', which does not exist");
            }
            if (found.get().status() != WorkItemStatus.DONE) {
                return Optional.of("task '" + task.id() + "' depends on '" + dep + "', which is "
                        + WorkRecorder.wire(found.get().status()) + ", not done");
            }
        }
        return Optional.empty();
    }

    /**
     * Kahn's algorithm over the dependencies between the project's tasks, ties broken by {@code tasks} order.
     *
     * @throws SilasException {@code INVALID_INPUT} naming one cycle
     */
    static List<WorkItem> topologicalOrder(Map<String, WorkItem> children) {
        Map<String, Integer> indegree = new HashMap<>();
        children.keySet().forEach(id -> indegree.put(id, 0));
        for (WorkItem task : children.values()) {
            for (String dep : task.dependsOn()) {
                if (children.containsKey(dep)) {
                    indegree.merge(task.id(), 1, Integer::sum);
                }
            }
        }
        List<WorkItem> order = new ArrayList<>();
        List<String> ready = new ArrayList<>();
        children.keySet().stream().filter(id -> indegree.get(id) == 0).forEach(ready::add);
        while (!ready.isEmpty()) {
            String next = ready.remove(0);
            order.add(children.get(next));
            for (WorkItem task : children.values()) {
                if (task.dependsOn().contains(next) && indegree.merge(task.id(), -1, Integer::sum) == 0) {
                    insertInTaskOrder(ready, task.id(), children);
                }
            }
        }
        if (order.size() != children.size()) {
            throw SilasException.invalid("depends_on", "dependency cycle: " + cycle(children, indegree));
        }
        return order;
    }

    private static void insertInTaskOrder(List<String> ready, String id, Map<String, WorkItem> children) {
        List<String> ids = new ArrayList<>(children.keySet());
        int pos = 0;
        while (pos < ready.size() && ids.indexOf(ready.get(pos)) < ids.indexOf(id)) {
            pos++;
        }
        ready.add(pos, id);
    }

    private static String cycle(Map<String, WorkItem> children, Map<String, Integer> indegree) {
        String start = children.keySet().stream().filter(id -> indegree.get(id) > 0).findFirst().orElseThrow();
        Deque<String> path = new ArrayDeque<>();
        String node = start;
        while (!path.contains(node)) {
            path.addLast(node);
            node = children.get(node).dependsOn().stream()
                    .filter(d -> children.containsKey(d) && indegree.get(d) > 0).findFirst().orElseThrow();
        }
        List<String> loop = new ArrayList<>();
        boolean in = false;
        for (String n : path) {
            in = in || n.equals(node);
            if (in) {
                loop.add(n);
            }
        }
        loop.add(node);
        return String.join(" -> ", loop);
    }
}
