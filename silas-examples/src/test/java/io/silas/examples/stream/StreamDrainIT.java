package io.silas.examples.stream;

import static io.silas.examples.stream.StreamAdmissionTest.assertFailsWith;
import static io.silas.examples.stream.StreamAdmissionTest.await;
import static io.silas.examples.stream.StreamAdmissionTest.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.PlanAction;
import io.silas.core.agent.PlannerAgent;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditEntry;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.execution.SandboxManager;
import io.silas.core.stream.DrainReport;
import io.silas.core.stream.StartupReport;
import io.silas.core.stream.Stream;
import io.silas.core.stream.StreamHealth;
import io.silas.core.stream.TurnResult;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemStatus;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.execution.verify.Verification;
import io.silas.execution.work.ExecutorRegistry;
import io.silas.execution.work.WorkExecution;
import io.silas.gates.Gates;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graceful drain ({@code Stream.shutdown}, docs/contracts.md#graceful-drain) with real trust, gates, approvals and SQLite. */
class StreamDrainIT {
    private static final int WAIT_SECONDS = 60;
    private static final String PLAN = StreamFixture.notePlan("drain-task");

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T10:00:00Z"));
    private final SigningKeys ownerKeys = SigningKeys.generate();
    private final SigningKeys approvalKeys = SigningKeys.generate();

    @Test
    void shutdown_turnsInFlight_thoseWithinGraceReplyTheRestCancelledAndAudited() throws Exception {
        StreamFixture fx = new StreamFixture();
        CountDownLatch quickGo = new CountDownLatch(1);
        CountDownLatch slowStarted = new CountDownLatch(1);
        ProxyAgent proxy = request -> {
            if (request.message().startsWith("slow")) {
                slowStarted.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("cancelled");
                }
            } else {
                await(quickGo);
            }
            return StreamFixture.direct(t -> "reply " + t).route(request);
        };
        try (fx; Stream stream = fx.builder(proxy).build()) {
            CompletableFuture<TurnResult> quick = stream.submit(fx.message("a", "quick"), "a").toCompletableFuture();
            CompletableFuture<TurnResult> slow = stream.submit(fx.message("b", "slow"), "b").toCompletableFuture();
            CompletableFuture<TurnResult> behindSlow = stream.submit(fx.message("b", "slow too"), "b")
                    .toCompletableFuture();
            assertThat(slowStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<DrainReport> draining = CompletableFuture.supplyAsync(
                    () -> stream.shutdown(Duration.ofSeconds(3)));
            while (stream.health().status() != StreamHealth.Status.DRAINING) {
                Thread.onSpinWait();
            }
            CompletableFuture<TurnResult> late = stream.submit(fx.message("c", "too late"), "c").toCompletableFuture();
            quickGo.countDown();
            DrainReport report = draining.get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(report).isEqualTo(new DrainReport(1, 2, 0, 1));
            assertThat(quick.get(WAIT_SECONDS, TimeUnit.SECONDS).reply()).isEqualTo("reply quick");
            assertThat(fx.channel.sentTo("a")).containsExactly("reply quick");
            assertFailsWith(slow, ErrorCode.ADMISSION_SHUTTING_DOWN);
            assertFailsWith(behindSlow, ErrorCode.ADMISSION_SHUTTING_DOWN);
            assertFailsWith(late, ErrorCode.ADMISSION_SHUTTING_DOWN);
            assertThat(fx.channel.sentTo("c")).containsExactly(ErrorCode.ADMISSION_SHUTTING_DOWN.userMessage());
            assertThat(fx.chronicleOf("c")).isEmpty();
            assertThat(fx.audit.findByEvent("turn_cancelled")).hasSize(2)
                    .allSatisfy(e -> assertThat(data(e)).containsEntry("scope_id", "b"));
            assertThat(fx.audit.findByEvent("stream_drained")).singleElement().satisfies(e -> assertThat(data(e))
                    .containsEntry("finished", 1).containsEntry("cancelled", 2).containsEntry("rejected", 1));
            long drainedSeq = fx.audit.findByEvent("stream_drained").get(0).seq();
            assertThat(fx.audit.latestCheckpoint()).hasValueSatisfying(c -> assertThat(c.seq()).isEqualTo(drainedSeq));
            StreamHealth health = stream.health();
            assertThat(health.status()).isEqualTo(StreamHealth.Status.DRAINING);
            assertThat(health.pendingTotal()).isZero();

            assertThat(stream.shutdown(Duration.ofSeconds(3))).isSameAs(report);
            assertFailsWith(stream.submit(fx.message("a", "again"), "a").toCompletableFuture(),
                    ErrorCode.ADMISSION_SHUTTING_DOWN);
            assertThat(fx.audit.findByEvent("stream_drained")).hasSize(1);
        }
    }

    @Test
    void shutdown_duringPendingPlanApproval_declinedNoTokenAndNotExecutedAfterRestart() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        try (SqliteStores stores = SqliteStores.open(tmp.resolve("silas.db"), clock)) {
            ExecutorService turns = Executors.newFixedThreadPool(2);
            ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
            RecordingChannel channel = new RecordingChannel();
            Stream stream = stream(stores, channel, turns, timers);
            TurnResult proposed = stream.submit(ChannelMessage.of("web", "a", "write a note", clock.instant()), "a")
                    .toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(proposed.planStatus()).isEqualTo(TurnResult.PlanStatus.AWAITING_APPROVAL);
            channel.await("owner", t -> t.startsWith("[Decision needed]"));

            DrainReport report = stream.shutdown(Duration.ofSeconds(30));

            assertThat(report.declined()).isEqualTo(1);
            assertThat(proposed.execution().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS)).isNull();
            assertThat(channel.sentTo("owner")).last().asString().contains("was declined; nothing was run");
            assertThat(stores.auditLog().findByEvent("plan_approval_decided")).singleElement()
                    .satisfies(e -> assertThat(data(e)).containsEntry("verdict", "declined")
                            .containsEntry("source", "shutdown"));
            WorkItem stored = stores.workItemStore().get(proposed.workItemId()).orElseThrow();
            assertThat(stored.approvalToken()).isNull();
            assertThat(stored.status()).isEqualTo(WorkItemStatus.PENDING);
            turns.shutdownNow();
            timers.shutdownNow();
            stream.close();
        }
        try (SqliteStores stores = SqliteStores.open(tmp.resolve("silas.db"), clock)) {
            ExecutorService turns = Executors.newFixedThreadPool(2);
            ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
            Stream restarted = stream(stores, new RecordingChannel(), turns, timers);
            StartupReport startup = restarted.start();

            assertThat(startup.resumedWorkItems()).isEmpty();
            assertThat(startup.resumption().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEmpty();
            WorkItem stored = stores.workItemStore().listByStatus(WorkItemStatus.PENDING).get(0);
            assertThat(stored.approvalToken()).isNull();
            assertThat(stored.status()).isEqualTo(WorkItemStatus.PENDING);
            assertThat(stores.auditLog().findByEvent("approval_issued")).isEmpty();
            assertThat(Files.exists(tmp.resolve("artifacts"))).isFalse();
            restarted.shutdown(Duration.ZERO);
            turns.shutdownNow();
            timers.shutdownNow();
        }
    }

    private Stream stream(SqliteStores stores, RecordingChannel channel, ExecutorService turns,
                          ScheduledExecutorService timers) {
        SandboxManager sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults()
                .withBaseDir(tmp.resolve("sandboxes")));
        ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(approvalKeys).nonceStore(stores.nonceStore())
                .audit(stores.auditLog()).clock(clock).build();
        ProxyAgent proxy = request -> RouteDecision.planner("needs a plan", InteractionRegister.EXECUTION,
                InteractionMode.ACT_AND_REPORT, "conversation");
        PlannerAgent planner = request -> new AgentResponse("Here is the plan.", List.of(), List.of(),
                PlanAction.propose(PLAN), true);
        return Stream.builder().config(SilasConfig.parse("{}", name -> null)).audit(stores.auditLog())
                .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore()).proxy(proxy)
                .planner(planner).gateRunner(Gates.runner().audit(stores.auditLog()).provider(Gates.predicate())
                        .build())
                .messageTrust(MessageTrust.builder().ownerPublicKey(ownerKeys.publicKey())
                        .nonceStore(stores.nonceStore()).audit(stores.auditLog()).clock(clock).build())
                .channel(channel).turnExecutor(turns).clock(clock).approvals(approvals)
                .cardPrompter(CardPrompter.text(channel, clock, timers))
                .workExecution(WorkExecution.builder().executors(ExecutorRegistry.defaults(sandboxes))
                        .verification(Verification.runner(sandboxes)).artifactsDir(tmp.resolve("artifacts")))
                .build();
    }
}
