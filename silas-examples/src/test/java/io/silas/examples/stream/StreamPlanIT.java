package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.PlanAction;
import io.silas.core.agent.PlannerAgent;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.OwnerSigner;
import io.silas.core.error.Correlation;
import io.silas.core.execution.SandboxManager;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.execution.verify.Verification;
import io.silas.execution.work.ExecutorRegistry;
import io.silas.execution.work.WorkExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan approval flow on a text card channel, with real approvals, sandbox and verification: the card goes to the
 * owner's connection ({@code owner_id} by default) and only an owner-signed reply answers it.
 */
class StreamPlanIT {
    private static final String PLAN = StreamFixture.notePlan("note-task");

    @TempDir
    Path tmp;

    private final StreamFixture fx = new StreamFixture();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger plannerCalls = new AtomicInteger();
    private Stream stream;

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        SandboxManager sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults()
                .withBaseDir(tmp.resolve("sandboxes")));
        ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                .nonceStore(io.silas.core.trust.NonceStore.inMemory()).audit(fx.audit).clock(fx.clock).build();
        ProxyAgent proxy = request -> request.message().contains("note")
                ? RouteDecision.planner("needs a plan", InteractionRegister.EXECUTION, InteractionMode.ACT_AND_REPORT,
                        "conversation")
                : StreamFixture.direct(t -> "ok").route(request);
        PlannerAgent planner = request -> {
            plannerCalls.incrementAndGet();
            return new AgentResponse("Here is the plan.", List.of(), List.of(), PlanAction.propose(PLAN), false);
        };
        stream = fx.builder(proxy).planner(planner).approvals(approvals)
                .cardPrompter(CardPrompter.text(fx.channel, fx.clock, scheduler))
                .workExecution(WorkExecution.builder().executors(ExecutorRegistry.defaults(sandboxes))
                        .verification(Verification.runner(sandboxes)).artifactsDir(tmp.resolve("artifacts")))
                .build();
    }

    @AfterEach
    void tearDown() {
        stream.close();
        scheduler.shutdownNow();
        fx.close();
    }

    private TurnResult run(String connection, String text) throws Exception {
        return stream.submit(fx.message(connection, text), connection).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private TurnResult ownerReply(String text) throws Exception {
        return stream.submit(new OwnerSigner(fx.ownerKeys, fx.clock).sign(fx.message("owner", text)), "owner")
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void plan_agentSaysNoApprovalNeeded_overriddenAndCardSent() throws Exception {
        TurnResult result = run("a", "write a note");

        assertThat(result.planStatus()).isEqualTo(TurnResult.PlanStatus.AWAITING_APPROVAL);
        assertThat(result.workItemId()).as("ids are assigned by the runtime").isNotEqualTo("note-task");
        assertThat(fx.audit.findByEvent("needs_approval_overridden")).hasSize(1);
        WorkItem stored = fx.workItems.get(result.workItemId()).orElseThrow();
        assertThat(stored.needsApproval()).isTrue();
        assertThat(stored.approvalToken()).isNull();
        assertThat(fx.channel.await("owner", t -> t.startsWith("[Decision needed]"))).contains("Write a note")
                .contains("sender 'a'");
        assertThat(fx.channel.sentTo("a")).noneMatch(t -> t.startsWith("[Decision needed]"));
        assertThat(result.reply()).contains("awaits the owner's approval");
    }

    @Test
    void plan_approvedByOwner_runsInBackgroundAndProgressReachesOnlyTheOwner() throws Exception {
        TurnResult proposed = run("a", "write a note");
        assertThat(proposed.execution().toCompletableFuture()).isNotDone();
        fx.channel.await("owner", t -> t.startsWith("[Decision needed]"));

        TurnResult foreign = run("b", "approve");
        assertThat(foreign.turnNumber()).isEqualTo(1);
        TurnResult unsigned = run("owner", "approve");
        assertThat(unsigned.turnNumber()).as("an unsigned reply is a turn, not an answer").isEqualTo(1);
        assertThat(proposed.execution().toCompletableFuture()).isNotDone();

        TurnResult answer = ownerReply("approve");
        assertThat(answer.turnNumber()).isZero();
        WorkItemResult result = proposed.execution().toCompletableFuture().get(120, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(fx.channel.await("owner", t -> t.contains("finished: done"))).contains("Write a note");
        assertThat(fx.channel.sentTo("owner"))
                .anySatisfy(t -> assertThat(t).startsWith("[running] " + proposed.workItemId()));
        assertThat(fx.channel.sentTo("a")).noneMatch(t -> t.startsWith("[running]") || t.contains("finished"));
        assertThat(fx.channel.sentTo("b")).containsExactly("ok");
        assertThat(fx.workItems.get(proposed.workItemId()).orElseThrow().approvalToken()).isNotNull();
        assertThat(plannerCalls).hasValue(1);
    }

    @Test
    void plan_declinedOnCard_neverRuns() throws Exception {
        TurnResult proposed = run("a", "write a note");
        fx.channel.await("owner", t -> t.startsWith("[Decision needed]"));

        ownerReply("decline");

        assertThat(proposed.execution().toCompletableFuture().get(60, TimeUnit.SECONDS)).isNull();
        String declined = fx.channel.await("owner", t -> t.contains("declined"));
        assertThat(declined).contains("nothing was run");
        Correlation.Ids ids = fx.channel.idsAtSendTo("owner").get(fx.channel.sentTo("owner").indexOf(declined));
        assertThat(ids.turnId()).as("the plan decision runs on the background executor with the proposing turn's ids")
                .isEqualTo(String.valueOf(proposed.turnNumber()));
        assertThat(fx.channel.sentTo("owner")).noneSatisfy(t -> assertThat(t).startsWith("[running]"));
        WorkItem stored = fx.workItems.get(proposed.workItemId()).orElseThrow();
        assertThat(stored.approvalToken()).isNull();
        assertThat(stored.status()).isNotEqualTo(WorkItemStatus.DONE);
        assertThat(fx.audit.findByEvent("plan_approval_decided")).singleElement()
                .satisfies(e -> assertThat(e.data().toString()).contains("declined"));
    }
}
