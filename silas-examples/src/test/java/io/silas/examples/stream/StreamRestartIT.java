package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.IdGenerator;
import io.silas.core.agent.AgentRequest;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.approval.ApprovalCheck;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.OwnerSigner;
import io.silas.core.config.SilasConfig;
import io.silas.core.context.ChronicleStore;
import io.silas.core.context.ContextItem;
import io.silas.core.context.ContextKind;
import io.silas.core.context.ContextZone;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.SandboxManager;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.MemoryType;
import io.silas.core.proactivity.AutonomyThresholds;
import io.silas.core.proactivity.SuggestionProposal;
import io.silas.core.proactivity.SuggestionSignals;
import io.silas.core.proactivity.SuggestionSource;
import io.silas.core.schedule.Scheduler;
import io.silas.core.stream.StartupReport;
import io.silas.core.stream.Stream;
import io.silas.core.stream.StreamBuilder;
import io.silas.core.stream.TurnResult;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.RiskLevel;
import io.silas.core.vocabulary.TaintLevel;
import io.silas.core.work.PlanParser;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.execution.verify.Verification;
import io.silas.execution.work.ExecutorRegistry;
import io.silas.execution.work.WorkExecution;
import io.silas.gates.Gates;
import io.silas.proactivity.ActiveScope;
import io.silas.proactivity.ManualScheduler;
import io.silas.proactivity.Proactivity;
import io.silas.proactivity.ScopeDirectory;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Restarts (docs/contracts.md#startup-and-rehydration): every "process" is a fresh Stream over fresh SQLite store
 * handles on the same file, with real gates, trust, approvals, sandbox and verification; only the proxy is scripted (it
 * records what context it was given).
 */
class StreamRestartIT {
    private static final String REHYDRATED = "[SYSTEM] Session rehydrated after restart.";
    private static final String TASK = StreamFixture.notePlan("resume-task");

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T10:00:00Z"));
    private final SigningKeys ownerKeys = SigningKeys.generate();
    private final SigningKeys approvalKeys = SigningKeys.generate();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<AgentRequest> seen = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** One process: its own store handles, audit log, pools, channel and Stream. */
    private final class Process {
        final SqliteStores stores = SqliteStores.open(tmp.resolve("silas.db"), clock);
        final RecordingChannel channel = new RecordingChannel();
        final ExecutorService turnPool = Executors.newFixedThreadPool(4);
        final ExecutorService background = Executors.newCachedThreadPool();
        final ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(approvalKeys)
                .nonceStore(stores.nonceStore()).audit(stores.auditLog()).clock(clock).build();
        Stream stream;

        Process(SilasConfig config, boolean withExecutor, @Nullable Scheduler scheduler) throws Exception {
            this(config, withExecutor, scheduler, (builder, self) -> { });
        }

        Process(SilasConfig config, boolean withExecutor, @Nullable Scheduler scheduler,
                BiConsumer<StreamBuilder, Process> extra) throws Exception {
            open.add(() -> {
                turnPool.shutdownNow();
                background.shutdownNow();
            });
            open.add(stores);
            ProxyAgent proxy = request -> {
                synchronized (seen) {
                    seen.add(request);
                }
                return StreamFixture.direct(t -> "noted: " + t).route(request);
            };
            StreamBuilder builder = Stream.builder().config(config).audit(stores.auditLog())
                    .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore()).proxy(proxy)
                    .gateRunner(Gates.runner().audit(stores.auditLog()).provider(Gates.predicate()).build())
                    .messageTrust(MessageTrust.builder().ownerPublicKey(ownerKeys.publicKey())
                            .nonceStore(stores.nonceStore()).audit(stores.auditLog()).clock(clock).build())
                    .channel(channel).turnExecutor(turnPool).backgroundExecutor(background).clock(clock)
                    .approvals(approvals);
            if (withExecutor) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
                SandboxManager sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults()
                        .withBaseDir(tmp.resolve("sandboxes")));
                builder.workExecution(WorkExecution.builder().executors(ExecutorRegistry.defaults(sandboxes))
                        .verification(Verification.runner(sandboxes)).artifactsDir(tmp.resolve("artifacts")));
            }
            if (scheduler != null) {
                builder.scheduler(scheduler);
            }
            extra.accept(builder, this);
            stream = builder.build();
            open.add(stream);
        }

        TurnResult say(String connection, String text) throws Exception {
            return stream.submit(ChannelMessage.of("web", connection, text, clock.instant()), connection)
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
        }

        /** An owner-signed message on the owner's connection ({@code owner_id}). */
        TurnResult ownerSays(String text) throws Exception {
            return stream.submit(new OwnerSigner(ownerKeys, clock).sign(ChannelMessage.of("web", "owner", text,
                    clock.instant())), "owner").toCompletableFuture().get(60, TimeUnit.SECONDS);
        }

        List<AuditEntry> audited(String event) {
            return stores.auditLog().findByEvent(event);
        }

        /**
         * The process dies without stopping its Stream: only its store handles go, as the OS drops a dead process's
         * file handles and its lock on {@code silas.db}.
         */
        void die() {
            stores.close();
            open.remove(stores);
        }

        /** Closes this process cleanly (the Stream and its store handles). */
        void stop() throws Exception {
            stream.close();
            stores.close();
            open.remove(stores);
        }
    }

    private static SilasConfig config() {
        return SilasConfig.parse("{}", name -> null);
    }

    private String lastContext() {
        synchronized (seen) {
            String context = seen.get(seen.size() - 1).context();
            return context == null ? "" : context;
        }
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void restart_chronicleRestoredPerScope_turnsContinue_rehydrationMessageOnce(boolean cleanStop) throws Exception {
        Process first = new Process(config(), false, null);
        first.stream.start();
        first.say("a", "alpha apricot");
        first.say("b", "bravo blueberry");
        if (cleanStop) {
            first.stop();
        } else {
            first.die();
        }

        Process second = new Process(config(), false, null);
        StartupReport report = second.stream.start();
        assertThat(report.knownScopes()).isEqualTo(2);
        TurnResult resumed = second.say("a", "alpha again");
        assertThat(resumed.turnNumber()).isEqualTo(2);
        assertThat(lastContext()).contains("alpha apricot").contains("noted: alpha apricot")
                .doesNotContain("bravo blueberry");
        assertThat(occurrences(lastContext(), REHYDRATED)).isEqualTo(1);
        second.stop();

        Process third = new Process(config(), false, null);
        third.stream.start();
        assertThat(third.say("a", "alpha thrice").turnNumber()).isEqualTo(3);
        assertThat(lastContext()).contains("alpha apricot").contains("alpha again").doesNotContain("bravo");
        assertThat(occurrences(lastContext(), REHYDRATED)).isEqualTo(1);
        assertThat(third.say("b", "bravo again").turnNumber()).isEqualTo(2);
        assertThat(lastContext()).contains("bravo blueberry").doesNotContain("alpha");

        ChronicleStore chronicle = third.stores.chronicleStore();
        assertThat(chronicle.getRecent("a", 100)).noneMatch(i -> i.content().contains(REHYDRATED))
                .extracting(i -> i.content()).containsExactly("alpha apricot", "noted: alpha apricot",
                        "alpha again", "noted: alpha again", "alpha thrice", "noted: alpha thrice");
        assertThat(third.audited("stream_started")).extracting(e -> e.data().get("known_scopes").asInt())
                .containsExactly(0, 2, 2);
    }

    @Test
    void restart_onlyLastMaxChronicleEntriesRestored_andProfileMemoryPinned() throws Exception {
        SilasConfig config = SilasConfig.parse("rehydration: {max_chronicle_entries: 2}", name -> null);
        Process first = new Process(config, false, null);
        first.say("a", "oldest olive");
        first.say("a", "newest nectarine");
        first.stores.memoryStore().store(MemoryItem.create("p1", "a", "prefers metric units", MemoryType.PROFILE,
                TaintLevel.OWNER, "test", clock.instant()));
        first.stop();

        Process second = new Process(config, false, null);
        second.stream.start();
        second.say("a", "hello");
        assertThat(lastContext()).contains("newest nectarine").doesNotContain("oldest olive")
                .contains("prefers metric units");
    }

    @Test
    void start_secondCall_invalidInput_andStartedAuditedOnce() throws Exception {
        Process process = new Process(config(), false, null);
        StartupReport report = process.stream.start();

        assertThatThrownBy(process.stream::start).isInstanceOf(SilasException.class)
                .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(process.audited("stream_started")).hasSize(1);
        assertThat(report.skippedSteps()).contains("active_goal", "heartbeats", "connection_health");
        assertThat(process.audited("startup_step_skipped")).extracting(e -> e.data().get("step").asText())
                .contains("active_goal", "heartbeats", "connection_health");
    }

    @Test
    void restart_interruptedRunningTaskWithValidToken_resumesAndCompletes() throws Exception {
        Process first = new Process(config(), false, null);
        saveRunning(first);
        first.stop();

        Process second = new Process(config(), true, null);
        StartupReport report = second.stream.start();

        assertThat(report.resumedWorkItems()).containsExactly("resume-task");
        List<WorkItemResult> results = report.resumption().toCompletableFuture().get(120, TimeUnit.SECONDS);
        assertThat(results).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(WorkItemStatus.DONE));
        assertThat(second.stores.workItemStore().get("resume-task").orElseThrow().status())
                .isEqualTo(WorkItemStatus.DONE);
        assertThat(second.audited("work_item_resumed")).singleElement()
                .satisfies(e -> assertThat(e.data().get("recipient").asText()).isEqualTo("owner"));
    }

    @Test
    void restart_tokenExpiredWhileDown_taskBlockedWithReason_notReapproved() throws Exception {
        Process first = new Process(config(), false, null);
        saveRunning(first);
        first.stop();
        clock.advance(Duration.ofHours(2));

        Process second = new Process(config(), true, null);
        StartupReport report = second.stream.start();

        List<WorkItemResult> results = report.resumption().toCompletableFuture().get(120, TimeUnit.SECONDS);
        assertThat(results).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(WorkItemStatus.BLOCKED));
        WorkItem stored = second.stores.workItemStore().get("resume-task").orElseThrow();
        assertThat(stored.status()).isEqualTo(WorkItemStatus.BLOCKED);
        assertThat(second.audited("execution_blocked_no_approval")).singleElement()
                .satisfies(e -> assertThat(e.data().get("reason").asText()).contains("expired"));
        assertThat(second.audited("approval_issued")).as("only the original approval").hasSize(1);
    }

    @Test
    void build_brokenActiveGoalFile_configInvalidNamingTheFile() throws Exception {
        Path goal = tmp.resolve("goal.md");
        Files.writeString(goal, "---\nid: [not, a, plan\n---\n");
        SilasConfig config = SilasConfig.parse("active_goal: " + goal, name -> null);
        Scheduler scheduler = Proactivity.manualScheduler(ZoneOffset.UTC, clock, AuditLog.inMemory(clock));
        open.add(scheduler);

        assertThatThrownBy(() -> new Process(config, false, scheduler)).isInstanceOf(SilasException.class)
                .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining(goal.toString());
    }

    @Test
    void start_validActiveGoal_cronRegisteredAsGoalJob() throws Exception {
        Path goal = tmp.resolve("goal.md");
        Files.writeString(goal, """
                ---
                id: inbox-watch
                type: goal
                title: Watch the inbox
                schedule: "*/5 * * * *"
                ---
                Check the inbox.
                """);
        SilasConfig config = SilasConfig.parse("active_goal: " + goal, name -> null);
        ManualScheduler scheduler = Proactivity.manualScheduler(ZoneOffset.UTC, clock, AuditLog.inMemory(clock));
        open.add(scheduler);
        Process process = new Process(config, false, scheduler);
        StartupReport report = process.stream.start();

        assertThat(report.scheduledJobs()).containsExactly("goal:inbox-watch");
        assertThat(scheduler.job("goal:inbox-watch")).isPresent();
        assertThat(process.audited("active_goal_invalid")).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        assertThat(scheduler.tick()).contains("goal:inbox-watch");
        assertThat(process.audited("active_goal_due")).singleElement()
                .satisfies(e -> assertThat(e.data().get("executed").asBoolean()).isFalse());
    }

    @Test
    void restart_oldToolResultsInRestoredChronicle_masked() throws Exception {
        Process first = new Process(config(), false, null);
        ChronicleStore chronicle = first.stores.chronicleStore();
        chronicle.append("a", ContextItem.live("tool-1", ContextZone.CHRONICLE, ContextKind.TOOL_RESULT,
                "RAW-LISTING-OF-FILES", 5, "tool:ls", TaintLevel.EXTERNAL, 1, clock.instant()));
        chronicle.append("a", ContextItem.live("msg-9", ContextZone.CHRONICLE, ContextKind.MESSAGE,
                "ninth message", 3, "channel:web", TaintLevel.EXTERNAL, 9, clock.instant()));
        first.stop();

        Process second = new Process(config(), false, null);
        TurnResult turn = second.say("a", "tenth");

        assertThat(turn.turnNumber()).isEqualTo(10);
        assertThat(lastContext()).contains("ninth message").contains("[Result of tool:ls")
                .doesNotContain("RAW-LISTING-OF-FILES");
    }

    @Test
    void start_heartbeatsRegistered_andEachRunVisitsEveryActiveScope() throws Exception {
        Process first = new Process(config(), false, null);
        first.say("a", "alpha");
        first.say("b", "bravo");
        first.stop();

        ManualScheduler scheduler = Proactivity.manualScheduler(ZoneOffset.UTC, clock, AuditLog.inMemory(clock));
        open.add(scheduler);
        List<String> asked = new ArrayList<>();
        SuggestionSignals signals = (scope, now) -> {
            synchronized (asked) {
                asked.add(scope);
            }
            return List.of();
        };
        ScheduledExecutorService cardTimer = Executors.newSingleThreadScheduledExecutor();
        open.add(cardTimer::shutdownNow);
        ScopeDirectory scopes = ScopeDirectory.of(List.of(new ActiveScope("a", "a"), new ActiveScope("b", "b")));
        Process second = new Process(config(), false, scheduler, (builder, self) -> builder
                .heartbeats(Proactivity.heartbeats(config(), scopes, CardPrompter.text(self.channel, clock, cardTimer),
                                self.stores.auditLog(), clock)
                        .suggestions(Proactivity.suggestions(config(), self.stores.reviewQueueStore(), signals,
                                self.stores.auditLog(), clock, IdGenerator.random()))
                        .autonomy(Proactivity.calibrator(config(), AutonomyThresholds.baseline(config()),
                                self.stores.reviewQueueStore(), self.approvals, self.stores.auditLog(), clock,
                                IdGenerator.random()), self.approvals)
                        .build()));
        StartupReport report = second.stream.start();
        assertThat(report.scheduledJobs()).containsExactlyInAnyOrder("heartbeat:suggestions", "heartbeat:autonomy");
        assertThat(report.skippedSteps()).doesNotContain("heartbeats");

        clock.advance(Duration.ofHours(1));
        assertThat(scheduler.tick()).contains("heartbeat:suggestions", "heartbeat:autonomy");
        assertThat(asked).containsExactlyInAnyOrder("a", "b");
        assertThat(second.audited("heartbeat_scope_failed")).isEmpty();
    }

    @Test
    void restart_pendingSuggestions_resentToOwnerNamingScope_andAnswerRoutes() throws Exception {
        Process first = new Process(config(), false, null);
        for (String scope : List.of("a", "b")) {
            first.stores.reviewQueueStore().addSuggestion(new SuggestionProposal("sug-" + scope, scope,
                    SuggestionSource.IDLE_HEARTBEAT, "Tidy folder " + scope.toUpperCase(java.util.Locale.ROOT), "",
                    RiskLevel.LOW, null, "tidy:" + scope, clock.instant()));
        }
        first.stores.reviewQueueStore().addSuggestion(new SuggestionProposal("sug-z", "z",
                SuggestionSource.IDLE_HEARTBEAT, "Tidy folder Z", "", RiskLevel.LOW, null, "tidy:z", clock.instant()));
        first.stop();

        ManualScheduler scheduler = Proactivity.manualScheduler(ZoneOffset.UTC, clock, AuditLog.inMemory(clock));
        open.add(scheduler);
        ScheduledExecutorService cardTimer = Executors.newSingleThreadScheduledExecutor();
        open.add(cardTimer::shutdownNow);
        ScopeDirectory scopes = ScopeDirectory.of(List.of(new ActiveScope("a", "a"), new ActiveScope("b", "b")));
        Process second = new Process(config(), false, scheduler, (builder, self) -> {
            CardPrompter cards = CardPrompter.text(self.channel, clock, cardTimer);
            builder.cardPrompter(cards).heartbeats(Proactivity.heartbeats(config(), scopes, cards,
                            self.stores.auditLog(), clock)
                    .suggestions(Proactivity.suggestions(config(), self.stores.reviewQueueStore(),
                            (scope, now) -> List.of(), self.stores.auditLog(), clock, IdGenerator.random()))
                    .reviewQueue(self.stores.reviewQueueStore())
                    .build());
        });
        second.stream.start();

        assertThat(second.channel.sentTo("owner")).hasSize(2);
        assertThat(second.channel.sentTo("owner").get(0)).contains("Tidy folder A").contains("For scope 'a'")
                .doesNotContain("Tidy folder B");
        assertThat(second.channel.sentTo("owner").get(1)).contains("Tidy folder B").contains("For scope 'b'");
        assertThat(second.channel.sentTo("a")).isEmpty();
        assertThat(second.channel.sentTo("z")).isEmpty();
        assertThat(second.audited("review_card_resent")).extracting(e -> e.data().get("scope_id").asText())
                .containsExactlyInAnyOrder("a", "b");
        assertThat(second.audited("review_resend_skipped")).singleElement()
                .satisfies(e -> assertThat(e.data().get("scope_id").asText()).isEqualTo("z"));
        assertThat(second.audited("pending_reviews_resent")).singleElement()
                .satisfies(e -> assertThat(e.data().get("cards").asInt()).isEqualTo(2));

        second.ownerSays("dismiss");
        assertThat(second.stores.reviewQueueStore().pendingSuggestions("a")).isEmpty();
        assertThat(second.stores.reviewQueueStore().pendingSuggestions("b")).hasSize(1);
    }

    @Test
    void heartbeats_useTheStreamsDeclaredOwner_notOwnerId() throws Exception {
        Process first = new Process(config(), false, null);
        first.stores.reviewQueueStore().addSuggestion(new SuggestionProposal("sug-a", "a",
                SuggestionSource.IDLE_HEARTBEAT, "Tidy folder A", "", RiskLevel.LOW, null, "tidy:a", clock.instant()));
        first.stop();

        ManualScheduler scheduler = Proactivity.manualScheduler(ZoneOffset.UTC, clock, AuditLog.inMemory(clock));
        open.add(scheduler);
        ScheduledExecutorService cardTimer = Executors.newSingleThreadScheduledExecutor();
        open.add(cardTimer::shutdownNow);
        ScopeDirectory scopes = ScopeDirectory.of(List.of(new ActiveScope("a", "a")));
        Process second = new Process(config(), false, scheduler, (builder, self) -> {
            CardPrompter cards = CardPrompter.text(self.channel, clock, cardTimer);
            builder.ownerConnections("owner-phone").cardPrompter(cards).heartbeats(Proactivity.heartbeats(config(),
                            scopes, cards, self.stores.auditLog(), clock)
                    .suggestions(Proactivity.suggestions(config(), self.stores.reviewQueueStore(),
                            (scope, now) -> List.of(), self.stores.auditLog(), clock, IdGenerator.random()))
                    .reviewQueue(self.stores.reviewQueueStore())
                    .build());
        });
        second.stream.start();

        assertThat(second.channel.sentTo("owner-phone")).singleElement().asString().contains("Tidy folder A")
                .contains("For scope 'a'");
        assertThat(second.channel.sentTo("owner")).as("owner_id is not the declared owner connection").isEmpty();
        assertThat(second.channel.sentTo("a")).isEmpty();
    }

    private void saveRunning(Process process) {
        WorkItem task = PlanParser.parse(TASK).withCreatedAt(clock.instant());
        ApprovalCheck check = process.approvals.verify(
                process.approvals.issue(task, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN), task, null);
        assertThat(check.valid()).isTrue();
        process.stores.workItemStore().save(task.withApprovalToken(check.token()).withStatus(WorkItemStatus.RUNNING));
    }
}
