package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import io.silas.core.channel.CardOrigin;
import io.silas.core.connection.HealthReport;
import io.silas.core.error.SilasException;
import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup sequence of {@link Stream#start()} (docs/contracts.md#stream-and-turns, #startup-and-rehydration), in
 * this order:
 * <ol>
 *   <li>replay: every unfinished message of the durable inbox is queued again on its scope's worker, in admission
 *       order and before any new message ({@link DurableInbox}; audited {@value DurableInbox#EVENT_REPLAYED}, a row
 *       over the admission bounds {@value DurableInbox#EVENT_REPLAY_DEFERRED}; a replayed turn that throws
 *       {@value DurableInbox#EVENT_TURN_FAILED}). If a {@code submit} came first, it already did this;</li>
 *   <li>rehydrate: interrupted {@code running} work items are re-entered through the work executor on the background
 *       executor (the executor's entry runs {@code ApprovalEngine.check}: an expired or consumed token blocks the
 *       item with the reason, nothing is re-approved); their progress and any mid-execution approval go to the
 *       owner's primary connection (audited {@value #EVENT_WORK_RESUMED} with that {@code recipient}). Scope context
 *       windows are restored lazily on each scope's first turn ({@link Rehydrator});</li>
 *   <li>audit {@value #EVENT_STARTED} once, with the number of known scopes and resumed items;</li>
 *   <li>the active goal ({@link ActiveGoals}: the {@code active_goal} file, parsed at build, or the builder's
 *       {@code activeGoal} — one notion; an unreadable, unparseable or conflicting file already failed the build) is
 *       the goal of the next two steps;</li>
 *   <li>connection health ({@link StartupConnections}, when the builder has a connection manager): every
 *       {@code active} connection whose skill is one of the goal's {@code skills} is health-checked, refreshed and
 *       recovered at most once each; one that stays unhealthy becomes {@code failed} and its owner scope gets the
 *       manager's failure card (recovery chips, or numbered text on a plain channel), offered without waiting.
 *       Audited per connection {@value #EVENT_CONNECTION_CHECKED} (connection id, skill, status, refreshed,
 *       recovered, failure_card_offered), {@value #EVENT_CONNECTION_SKIPPED} for a dependency that is not active
 *       (status), {@value #EVENT_CONNECTION_CHECK_FAILED} when the manager throws (exception class; startup goes on),
 *       then once {@value #EVENT_CONNECTION_HEALTH} (goal id or {@code none}, dependencies, checked, failed,
 *       errors). Without a goal, or with a goal naming no registered connection, nothing is checked;</li>
 *   <li>the goal's cron schedule registered as job {@code goal:<id>}: a goal without one ({@code always_on} or
 *       none) is not scheduled (step {@code active_goal} skipped; its gates and access levels still apply to every
 *       turn), one whose schedule does not parse is audited {@value #EVENT_GOAL_INVALID} — startup continues;</li>
 *   <li>the host's {@link HeartbeatJobs} registered on the scheduler with the Stream's owner
 *       ({@link OwnerDesk#owner()}; the default sends suggestion and autonomy cards to it for each scope), then {@link HeartbeatJobs#resendPending}: review items still pending
 *       from before the restart re-sent as cards to the owner (each card audited
 *       {@code review_card_resent} by the default implementation; the total audited
 *       {@value #EVENT_REVIEWS_RESENT});</li>
 *   <li>last, the registered {@link PullChannel}s started (each audited {@value PullChannels#EVENT_STARTED}, or
 *       {@value PullChannels#EVENT_START_FAILED} with {@code CHANNEL_FAILURE} — the others still start);</li>
 *   <li>every step skipped for an absent optional collaborator audited {@value #EVENT_STEP_SKIPPED} with
 *       {@code step}: {@code work_resume}, {@code active_goal}, {@code scheduler}, {@code heartbeats},
 *       {@code connection_health} (no connection manager is wired into the Stream), {@code pull_channels}.</li>
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
    static final String EVENT_REVIEWS_RESENT = "pending_reviews_resent";
    static final String EVENT_CONNECTION_CHECKED = "startup_connection_checked";
    static final String EVENT_CONNECTION_SKIPPED = "startup_connection_skipped";
    static final String EVENT_CONNECTION_CHECK_FAILED = "startup_connection_check_failed";
    static final String EVENT_CONNECTION_HEALTH = "startup_connection_health";

    private static final Logger LOG = LoggerFactory.getLogger(StartupSequence.class);

    private final Basics deps;
    private final TurnStores stores;
    private final @Nullable WorkItem activeGoal;
    private final OwnerDesk desk;
    private final @Nullable PlanWork work;
    private final @Nullable Scheduler scheduler;
    private final @Nullable HeartbeatJobs heartbeats;
    private final DurableInbox inbox;
    private final PullChannels pullChannels;
    private final InboundSink sink;
    private final @Nullable StartupConnections connections;
    private final List<String> skipped = new ArrayList<>();
    private final List<String> jobs = new ArrayList<>();

    /**
     * @param work how approved work runs; null: interrupted work is not resumed and a due goal is only audited
     */
    StartupSequence(Basics deps, TurnStores stores, @Nullable WorkItem activeGoal, OwnerDesk desk,
                    @Nullable PlanWork work, @Nullable Scheduler scheduler, @Nullable HeartbeatJobs heartbeats,
                    DurableInbox inbox, @Nullable StartupConnections connections, PullChannels pullChannels,
                    InboundSink sink) {
        this.deps = deps;
        this.stores = stores;
        this.activeGoal = activeGoal;
        this.desk = desk;
        this.work = work;
        this.connections = connections;
        this.pullChannels = pullChannels;
        this.sink = sink;
        this.inbox = inbox;
        this.scheduler = scheduler;
        this.heartbeats = heartbeats;
    }

    StartupReport run() {
        List<String> known = stores.chronicle().knownScopes();
        DurableInbox.Replay replayed = inbox.replayOnce();
        List<WorkItem> interrupted = interrupted();
        CompletionStage<List<WorkItemResult>> resumption = resume(interrupted);
        List<String> resumedIds = work == null ? List.of()
                : interrupted.stream().map(WorkItem::id).toList();
        AuditData started = AuditData.create();
        started.put("known_scopes", known.size());
        started.put("resumed_work_items", resumedIds.size());
        started.put("replayed_messages", replayed.messages());
        started.put("context_rehydration", "lazy_on_first_turn");
        deps.audit().append(EVENT_STARTED, started);
        WorkItem goal = activeGoal;
        List<HealthReport> health = connectionHealth(goal);
        if (goal == null) {
            skip("active_goal");
        } else {
            scheduleGoal(goal);
        }
        heartbeats();
        List<String> channels = pullChannels();
        return new StartupReport(known.size(), resumedIds, jobs, skipped, resumption, replayed.messages(),
                replayed.results(), health, channels);
    }

    /** Running items whose parent is not itself running (a running project re-enters its own children). */
    private List<WorkItem> interrupted() {
        List<WorkItem> running = stores.workItems().listByStatus(WorkItemStatus.RUNNING);
        Set<String> runningIds = new HashSet<>();
        running.forEach(item -> runningIds.add(item.id()));
        return running.stream().filter(item -> item.parent() == null || !runningIds.contains(item.parent()))
                .toList();
    }

    private CompletionStage<List<WorkItemResult>> resume(List<WorkItem> items) {
        if (work == null) {
            if (!items.isEmpty()) {
                skip("work_resume");
            }
            return CompletableFuture.completedFuture(List.of());
        }
        List<CompletableFuture<@Nullable WorkItemResult>> runs = new ArrayList<>();
        for (WorkItem item : items) {
            deps.audit().append(EVENT_WORK_RESUMED, AuditData.create().workItem(item.id())
                    .put("recipient", desk.owner().primary()));
            runs.add(CompletableFuture.supplyAsync(() -> execute(work, item), desk.background()));
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

    private @Nullable WorkItemResult execute(PlanWork running, WorkItem item) {
        try {
            return running.executor().execute(item, running.executionFor(desk.owner().primary(),
                    CardOrigin.scope(deps.config().ownerId()), desk.prompter(), desk.owner(), deps.ids()));
        } catch (RuntimeException e) {
            LOG.warn("Resumed work item {} failed: {}", item.id(), e.getClass().getSimpleName());
            deps.audit().append(PlanFlow.EVENT_PLAN_FAILED, AuditData.create().workItem(item.id())
                    .put("resumed", true));
            return null;
        }
    }

    private List<HealthReport> connectionHealth(@Nullable WorkItem goal) {
        if (connections == null) {
            skip("connection_health");
            return List.of();
        }
        return connections.check(goal, deps.audit());
    }

    private void scheduleGoal(WorkItem goal) {
        if (goal.schedule() == null || WorkItem.ALWAYS_ON.equals(goal.schedule())) {
            skip("active_goal"); // an always-on goal: nothing to schedule, its gates and levels still apply
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
            goalInvalid(goal, e.code().id() + ": " + e.getMessage());
            return;
        }
        deps.audit().append(EVENT_GOAL_SCHEDULED, AuditData.create().workItem(goal.id()).put("job", job)
                .put("schedule", goal.schedule()));
    }

    /** A due goal runs through the work executor, whose entry checks the goal's persisted standing token. */
    private void runGoal(WorkItem parsed) {
        WorkItem goal = stores.workItems().get(parsed.id()).orElse(parsed);
        deps.audit().append(EVENT_GOAL_DUE, AuditData.create().workItem(goal.id())
                .put("executed", work != null));
        if (work != null) {
            execute(work, goal);
        }
    }

    private void goalInvalid(WorkItem goal, String reason) {
        AuditData data = AuditData.create();
        data.workItem(goal.id());
        Path file = deps.config().activeGoal();
        if (file != null) {
            data.put("path", file.toString());
        }
        data.reason(reason);
        deps.audit().append(EVENT_GOAL_INVALID, data);
        skipped.add("active_goal");
    }

    private void heartbeats() {
        if (heartbeats == null || scheduler == null) {
            skip("heartbeats");
            return;
        }
        for (ScheduledJob job : heartbeats.register(scheduler, desk.owner())) {
            jobs.add(job.name());
        }
        int resent = heartbeats.resendPending(desk.owner());
        deps.audit().append(EVENT_REVIEWS_RESENT, AuditData.create().put("cards", resent));
    }

    private List<String> pullChannels() {
        if (pullChannels.isEmpty()) {
            skip("pull_channels");
            return List.of();
        }
        return pullChannels.start(sink);
    }

    private void schedule(String name, Schedule when, Runnable job) {
        scheduler.schedule(name, when, job);
        jobs.add(name);
    }

    private void skip(String step) {
        deps.audit().append(EVENT_STEP_SKIPPED, AuditData.create().put("step", step));
        skipped.add(step);
    }
}
