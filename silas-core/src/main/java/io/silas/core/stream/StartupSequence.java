package io.silas.core.stream;

import io.silas.core.error.SilasException;
import io.silas.core.proactivity.AutonomyCalibrator;
import io.silas.core.proactivity.SuggestionEngine;
import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.Scheduler;
import io.silas.core.work.PlanParser;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup sequence of {@link Stream#start()} (spec §5.1, §5.1.3), in this order:
 * <ol>
 *   <li>rehydrate: interrupted {@code running} work items are re-entered through the work executor on the background
 *       executor (the executor's entry runs {@code ApprovalEngine.check}: an expired or consumed token blocks the
 *       item with the reason, nothing is re-approved); their original connection is not persisted, so their
 *       progress goes to nobody (audited {@value #EVENT_WORK_RESUMED} with {@code recipient=none}). Scope context
 *       windows are restored lazily on each scope's first turn ({@link Rehydrator});</li>
 *   <li>audit {@value #EVENT_STARTED} once, with the number of known scopes and resumed items;</li>
 *   <li>the {@code active_goal} file parsed with {@link PlanParser}; its cron schedule registered as job
 *       {@code goal:<id>} (a missing/unreadable/unparseable file or a goal without a cron schedule is audited
 *       {@value #EVENT_GOAL_INVALID} and skipped — startup continues);</li>
 *   <li>heartbeat jobs {@value #JOB_SUGGESTIONS} (cron {@code suggestions.heartbeat_cron}) and
 *       {@value #JOB_AUTONOMY} (cron {@value #AUTONOMY_CRON}) when the suggestion engine / calibrator are set and
 *       enabled in the config; each run visits every known scope;</li>
 *   <li>every step skipped for an absent optional collaborator audited {@value #EVENT_STEP_SKIPPED} with
 *       {@code step}: {@code work_resume}, {@code active_goal}, {@code scheduler}, {@code heartbeat_suggestions},
 *       {@code heartbeat_autonomy}, {@code connection_health} (no connection manager is wired into the Stream).</li>
 * </ol>
 *
 * <p><b>Security guarantees:</b> resumption never issues or verifies a token; a resumed item runs only if its
 * persisted token still passes the executor's non-consuming {@code check}. Not thread-safe; {@link Stream} runs it
 * once.
 */
final class StartupSequence {
    static final String EVENT_STARTED = "stream_started";
    static final String EVENT_STEP_SKIPPED = "startup_step_skipped";
    static final String EVENT_GOAL_INVALID = "active_goal_invalid";
    static final String EVENT_GOAL_SCHEDULED = "active_goal_scheduled";
    static final String EVENT_GOAL_DUE = "active_goal_due";
    static final String EVENT_WORK_RESUMED = "work_item_resumed";
    static final String EVENT_HEARTBEAT_FAILED = "heartbeat_scope_failed";
    static final String JOB_SUGGESTIONS = "heartbeat:suggestions";
    static final String JOB_AUTONOMY = "heartbeat:autonomy";
    /** Autonomy calibration runs hourly; the config has no cron for it. */
    static final String AUTONOMY_CRON = "0 * * * *";

    private static final Logger LOG = LoggerFactory.getLogger(StartupSequence.class);

    private final TurnDeps deps;
    private final @Nullable Scheduler scheduler;
    private final @Nullable SuggestionEngine suggestions;
    private final @Nullable AutonomyCalibrator calibrator;
    private final Supplier<Set<String>> liveScopes;
    private final List<String> skipped = new ArrayList<>();
    private final List<String> jobs = new ArrayList<>();

    StartupSequence(TurnDeps deps, @Nullable Scheduler scheduler, @Nullable SuggestionEngine suggestions,
                    @Nullable AutonomyCalibrator calibrator, Supplier<Set<String>> liveScopes) {
        this.deps = deps;
        this.scheduler = scheduler;
        this.suggestions = suggestions;
        this.calibrator = calibrator;
        this.liveScopes = liveScopes;
    }

    StartupReport run() {
        List<String> known = deps.chronicle().knownScopes();
        List<WorkItem> interrupted = interrupted();
        CompletionStage<List<WorkItemResult>> resumption = resume(interrupted);
        List<String> resumedIds = deps.workExecutor() == null ? List.of()
                : interrupted.stream().map(WorkItem::id).toList();
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("known_scopes", known.size());
        started.put("resumed_work_items", resumedIds.size());
        started.put("context_rehydration", "lazy_on_first_turn");
        deps.audit().append(EVENT_STARTED, started);
        activeGoal();
        heartbeats();
        skip("connection_health");
        return new StartupReport(known.size(), resumedIds, jobs, skipped, resumption);
    }

    /** Running items whose parent is not itself running (a running project re-enters its own children). */
    private List<WorkItem> interrupted() {
        List<WorkItem> running = deps.workItems().listByStatus(WorkItemStatus.RUNNING);
        Set<String> runningIds = new HashSet<>();
        running.forEach(item -> runningIds.add(item.id()));
        return running.stream().filter(item -> item.parent() == null || !runningIds.contains(item.parent()))
                .toList();
    }

    private CompletionStage<List<WorkItemResult>> resume(List<WorkItem> items) {
        if (deps.workExecutor() == null) {
            if (!items.isEmpty()) {
                skip("work_resume");
            }
            return CompletableFuture.completedFuture(List.of());
        }
        List<CompletableFuture<@Nullable WorkItemResult>> runs = new ArrayList<>();
        for (WorkItem item : items) {
            deps.audit().append(EVENT_WORK_RESUMED, Map.of("work_item_id", item.id(), "recipient", "none"));
            runs.add(CompletableFuture.supplyAsync(() -> execute(item), deps.background()));
        }
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    List<WorkItemResult> results = new ArrayList<>();
                    for (CompletableFuture<@Nullable WorkItemResult> run : runs) {
                        WorkItemResult result = run.join();
                        if (result != null) {
                            results.add(result);
                        }
                    }
                    return List.copyOf(results);
                });
    }

    private @Nullable WorkItemResult execute(WorkItem item) {
        try {
            return deps.workExecutor().execute(item);
        } catch (RuntimeException e) {
            LOG.warn("Resumed work item {} failed: {}", item.id(), e.getClass().getSimpleName());
            deps.audit().append(PlanFlow.EVENT_PLAN_FAILED, Map.of("work_item_id", item.id(), "resumed", true));
            return null;
        }
    }

    private void activeGoal() {
        Path path = deps.config().activeGoal();
        if (path == null) {
            skip("active_goal");
            return;
        }
        WorkItem goal;
        try {
            goal = PlanParser.parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            goalInvalid(path, "unreadable: " + e.getClass().getSimpleName());
            return;
        } catch (SilasException e) {
            goalInvalid(path, e.code().id() + ": " + e.getMessage());
            return;
        }
        if (goal.schedule() == null || WorkItem.ALWAYS_ON.equals(goal.schedule())) {
            goalInvalid(path, "no cron schedule");
            return;
        }
        if (scheduler == null) {
            skip("scheduler");
            return;
        }
        String job = "goal:" + goal.id();
        try {
            schedule(job, Schedule.cron(goal.schedule()), () -> runGoal(goal));
        } catch (SilasException e) {
            goalInvalid(path, e.code().id() + ": " + e.getMessage());
            return;
        }
        deps.audit().append(EVENT_GOAL_SCHEDULED, Map.of("work_item_id", goal.id(), "job", job,
                "schedule", goal.schedule()));
    }

    /** A due goal runs through the work executor, whose entry checks the goal's persisted standing token. */
    private void runGoal(WorkItem parsed) {
        WorkItem goal = deps.workItems().get(parsed.id()).orElse(parsed);
        deps.audit().append(EVENT_GOAL_DUE, Map.of("work_item_id", goal.id(),
                "executed", deps.workExecutor() != null));
        if (deps.workExecutor() != null) {
            execute(goal);
        }
    }

    private void goalInvalid(Path path, String reason) {
        deps.audit().append(EVENT_GOAL_INVALID, Map.of("path", path.toString(), "reason", reason));
        skipped.add("active_goal");
    }

    private void heartbeats() {
        if (suggestions == null || scheduler == null || !deps.config().suggestions().enabled()) {
            skip("heartbeat_suggestions");
        } else {
            schedule(JOB_SUGGESTIONS, Schedule.cron(deps.config().suggestions().heartbeatCron()),
                    () -> eachScope("suggestions", scope -> suggestions.generateIdle(scope, deps.clock().instant())));
        }
        if (calibrator == null || scheduler == null || !deps.config().autonomy().enabled()) {
            skip("heartbeat_autonomy");
        } else {
            schedule(JOB_AUTONOMY, Schedule.cron(AUTONOMY_CRON),
                    () -> eachScope("autonomy", scope -> calibrator.evaluate(scope, deps.clock().instant())));
        }
    }

    /** Runs {@code body} for every known scope; one scope's failure is audited and does not stop the others. */
    private void eachScope(String loop, Consumer<String> body) {
        Set<String> scopes = new TreeSet<>(deps.chronicle().knownScopes());
        scopes.addAll(liveScopes.get());
        for (String scope : scopes) {
            try {
                body.accept(scope);
            } catch (RuntimeException e) {
                LOG.warn("Heartbeat {} failed for scope {}: {}", loop, scope, e.getClass().getSimpleName());
                deps.audit().append(EVENT_HEARTBEAT_FAILED, Map.of("loop", loop, "scope_id", scope,
                        "reason", e instanceof SilasException se ? se.code().id() : "error"));
            }
        }
    }

    private void schedule(String name, Schedule when, Runnable job) {
        scheduler.schedule(name, when, job);
        jobs.add(name);
    }

    private void skip(String step) {
        deps.audit().append(EVENT_STEP_SKIPPED, Map.of("step", step));
        skipped.add(step);
    }
}
