package io.silas.execution.work;

import io.silas.core.audit.AuditData;
import io.silas.core.agent.AgentRequest;
import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.StructuredCalls;
import io.silas.core.execution.VerificationReport;
import io.silas.core.work.VerificationResult;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.core.work.WorkProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The task execution loop (docs/contracts.md#work-execution): approval check → follow-up hydration → attempts (agent or
 * direct command through the gated invoker) → artifacts dir → external verification → {@code done}, or retry with
 * the failure (and planner guidance after attempt 3) until attempts or budget run out → {@code stuck}.
 */
final class TaskRun {
    /** The {@code on_stuck} value that asks the planner for guidance. */
    static final String CONSULT_PLANNER = "consult_planner";

    private final WorkDeps deps;
    private final WorkRecorder recorder;
    private final AttemptRunner attempts;
    private final ExecutionEntry entry;

    TaskRun(WorkDeps deps, WorkRecorder recorder, ExecutionEntry entry) {
        this.deps = deps;
        this.recorder = recorder;
        this.entry = entry;
        this.attempts = new AttemptRunner(deps, recorder);
    }

    WorkItemResult run(WorkItem task) {
        return entry.run(task, this::entered);
    }

    private WorkItemResult entered(WorkItem task) {
        Map<String, String> imported = Map.of();
        if (task.followUpOf() != null) {
            Linkage linkage = hydrate(task);
            if (linkage.error() != null) {
                recorder.audit(WorkExecution.EVENT_LINKAGE_FAILED, task, AuditData.create().reason(linkage.error()));
                return recorder.blocked(task, linkage.error());
            }
            imported = linkage.artifacts();
        }
        return loop(task, imported);
    }

    private WorkItemResult loop(WorkItem start, Map<String, String> imported) {
        WorkItem item = start;
        BudgetMeter meter = new BudgetMeter(item.budget(), item.budgetUsed(), deps.shared().clock());
        String lastFailure = null;
        String guidance = null;
        List<VerificationResult> lastResults = List.of();
        while (meter.canStartAttempt(item.attempts())) {
            int attempt = item.attempts() + 1;
            meter.startAttempt();
            item = recorder.persist(item.toBuilder().attempts(attempt).budgetUsed(meter.used())
                    .status(WorkItemStatus.RUNNING).build());
            recorder.audit(WorkExecution.EVENT_ATTEMPT_STARTED, item, AuditData.create().put("attempt", attempt));
            recorder.progress(item, WorkProgress.RUNNING, "attempt " + attempt);
            AttemptOutcome outcome = attempts.run(item, attempt, instructions(item, attempt, lastFailure, guidance),
                    imported, meter);
            meter.endAttempt();
            item = item.withBudgetUsed(meter.used());
            if (outcome.halt() != null) {
                return recorder.blocked(item, outcome.halt());
            }
            if (outcome.fatal() != null) {
                return recorder.finish(item, WorkItemStatus.FAILED, "Failed: " + outcome.fatal(), outcome.fatal(),
                        List.of(), Map.of(), List.of());
            }
            String failure = outcome.failure();
            if (failure == null) {
                Path dir = deps.artifacts().replace(item.id(), outcome.artifacts());
                if (item.verify().isEmpty()) {
                    return recorder.finish(item, WorkItemStatus.DONE, outcome.summary(), null, List.of(),
                            outcome.artifacts(), outcome.nextSteps());
                }
                VerificationReport report = deps.verification().run(item.verify(), dir);
                item = item.withVerificationResults(report.results());
                lastResults = report.results();
                recorder.audit(WorkExecution.EVENT_VERIFICATION, item, verificationData(attempt, report));
                if (report.allPassed()) {
                    return recorder.finish(item, WorkItemStatus.DONE, outcome.summary(), null, report.results(),
                            outcome.artifacts(), outcome.nextSteps());
                }
                failure = "verification failed: " + describe(report.failed());
                recorder.progress(item, WorkProgress.VERIFICATION_FAILED,
                        report.failed().stream().map(VerificationResult::name).collect(Collectors.joining(", ")));
            } else {
                recorder.audit(WorkExecution.EVENT_ATTEMPT_FAILED, item,
                        AuditData.create().put("attempt", attempt).reason(failure));
            }
            lastFailure = failure + outcome.toolFailures();
            item = recorder.persist(item);
            if (attempt >= 3 && CONSULT_PLANNER.equals(item.onStuck()) && deps.planner() != null
                    && meter.canStartAttempt(item.attempts())) {
                meter.addPlannerCall();
                item = recorder.persist(item.withBudgetUsed(meter.used()));
                guidance = consultPlanner(item, attempt, lastFailure);
            }
        }
        String why = item.attempts() >= item.budget().maxAttempts()
                ? "max attempts (" + item.budget().maxAttempts() + ") reached" : "budget exhausted";
        String reason = lastFailure == null ? why : why + "; last failure: " + lastFailure;
        return recorder.finish(item, WorkItemStatus.STUCK, "Stuck after " + item.attempts() + " attempt(s)", reason,
                lastResults, Map.of(), List.of());
    }

    static String instructions(WorkItem item, int attempt, @Nullable String lastFailure, @Nullable String guidance) {
        StringBuilder sb = new StringBuilder(item.body());
        if (lastFailure != null) {
            sb.append("\n\n## Previous attempt ").append(attempt - 1).append(" failed\n").append(lastFailure);
        }
        if (guidance != null) {
            sb.append("\n\n## Planner guidance\n").append(guidance);
        }
        return sb.toString();
    }

    private @Nullable String consultPlanner(WorkItem item, int attempt, String lastFailure) {
        String prompt = "Work item '" + item.title() + "' has failed " + attempt + " attempts.\n\n## Briefing\n"
                + item.body() + "\n\n## Last failure\n" + lastFailure
                + "\n\nGive short, concrete guidance for the next attempt.";
        AgentResponse response;
        try {
            response = StructuredCalls.planner(deps.planner(),
                    new AgentRequest(prompt, item.id()));
        } catch (RuntimeException e) {
            response = StructuredCalls.plannerFallback();
        }
        boolean fallback = response.equals(StructuredCalls.plannerFallback());
        recorder.audit(WorkExecution.EVENT_PLANNER_CONSULTED, item,
                AuditData.create().put("attempt", attempt).put("fallback", fallback));
        return fallback || response.message().isBlank() ? null : response.message();
    }

    private Linkage hydrate(WorkItem task) {
        String source = task.followUpOf();
        Optional<WorkItem> earlier = deps.shared().store().get(source);
        if (earlier.isEmpty() || !java.util.Objects.equals(earlier.get().scopeId(), task.scopeId())) {
            return Linkage.error("follow_up_of '" + source + "': work item not found in this scope");
        }
        if (earlier.get().status() != WorkItemStatus.DONE) {
            return Linkage.error("follow_up_of '" + source + "': work item is "
                    + WorkRecorder.wire(earlier.get().status()) + ", not done");
        }
        Optional<Map<String, String>> stored = deps.artifacts().read(source);
        if (stored.isEmpty()) {
            return Linkage.error("follow_up_of '" + source + "': no artifacts are stored for it");
        }
        if (task.inputArtifactsFrom().contains(WorkItem.ALL_ARTIFACTS)) {
            return new Linkage(stored.get(), null);
        }
        Map<String, String> picked = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String key : task.inputArtifactsFrom()) {
            String content = stored.get().get(key);
            if (content == null) {
                missing.add(key);
            } else {
                picked.put(key, content);
            }
        }
        return missing.isEmpty() ? new Linkage(picked, null)
                : Linkage.error("follow_up_of '" + source + "': missing artifacts " + missing);
    }

    static String describe(List<VerificationResult> failed) {
        return failed.stream().map(r -> r.name() + ": " + r.reason()
                + (r.exitCode() == null ? "" : " (exit " + r.exitCode() + ")")).collect(Collectors.joining("; "));
    }

    private static AuditData verificationData(int attempt, VerificationReport report) {
        return AuditData.create().put("attempt", attempt).put("all_passed", report.allPassed())
                .put("failed", report.failed().stream().map(VerificationResult::name).toList());
    }

    private record Linkage(Map<String, String> artifacts, @Nullable String error) {
        static Linkage error(String message) {
            return new Linkage(Map.of(), message);
        }
    }
}
