package io.silas.examples.work;

import static io.silas.examples.work.WorkFixture.directShell;
import static io.silas.examples.work.WorkFixture.writes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.gate.Expectation;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.VerificationCheck;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.core.work.WorkProgress;
import io.silas.execution.work.WorkExecution;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkExecutionProjectGoalIT {
    @TempDir
    Path tmp;
    WorkFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new WorkFixture(tmp);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void execute_directShellItem_runsEndToEndWithoutModel() {
        WorkItem item = fx.approve(directShell("d1", "greeting.txt", "hello").build());

        WorkItemResult result = fx.builder(fx.gates()).build().execute(item);

        assertThat(result.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(result.artifacts()).containsEntry("greeting.txt", "hello\n");
        assertThat(result.verificationResults()).hasSize(2).allMatch(r -> r.passed());
        assertThat(fx.audited(WorkExecution.EVENT_TOOL_CALL)).singleElement()
                .satisfies(e -> assertThat(e.data().get("tool_name").asText()).isEqualTo("shell_exec"));
    }

    @Test
    void execute_followUp_importsArtifactsOfDoneItem() {
        WorkItem first = fx.approve(directShell("f1", "data.txt", "seed").build());
        fx.builder(fx.gates()).build().execute(first);
        WorkItem follow = fx.approve(WorkFixture.task("f2", "copy.txt", "seed").followUpOf("f1")
                .inputArtifactsFrom(List.of("data.txt")).executor(io.silas.core.work.DirectExecutor.SHELL)
                .body("cp data.txt copy.txt").build());

        WorkItemResult result = fx.builder(fx.gates()).build().execute(follow);

        assertThat(result.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(result.artifacts()).containsEntry("copy.txt", "seed\n").containsEntry("data.txt", "seed\n");
    }

    @Test
    void execute_followUpOfMissingItem_blockedWithLinkageError() {
        WorkItem follow = fx.approve(WorkFixture.directShell("f3", "x.txt", "x").followUpOf("nope")
                .inputArtifactsFrom(List.of("*")).build());

        WorkItemResult result = fx.builder(fx.gates()).build().execute(follow);

        assertThat(result.status()).isEqualTo(WorkItemStatus.BLOCKED);
        assertThat(result.lastError()).contains("follow_up_of 'nope'").contains("not found");
        assertThat(fx.audited(WorkExecution.EVENT_TOOL_CALL)).isEmpty();
    }

    @Test
    void execute_diamondProject_runsTasksInDependencyOrder() {
        fx.approve(directShell("d", "d.txt", "d").dependsOn(List.of("b", "c")).build());
        fx.approve(directShell("c", "c.txt", "c").dependsOn(List.of("a")).build());
        fx.approve(directShell("b", "b.txt", "b").dependsOn(List.of("a")).build());
        fx.approve(directShell("a", "a.txt", "a").build());
        WorkItem project = fx.approve(WorkItem.builder("p", WorkItemType.PROJECT, "Diamond")
                .tasks(List.of("d", "c", "b", "a"))
                .verify(List.of(VerificationCheck.of("all", "sh -c 'cd /artifacts && cat a.txt b.txt c.txt d.txt'",
                        Expectation.outputEquals("a\nb\nc\nd")))).build());

        WorkItemResult result = fx.builder(fx.gates()).build().execute(project);

        assertThat(result.status()).as(result.lastError()).isEqualTo(WorkItemStatus.DONE);
        assertThat(fx.events).filteredOn(e -> e.kind() == WorkProgress.DONE).extracting(e -> e.workItemId())
                .containsExactly("a", "c", "b", "d", "p");
        assertThat(result.artifacts()).containsOnlyKeys("a.txt", "c.txt", "b.txt", "d.txt");
    }

    @Test
    void execute_projectRerun_doneTasksAreNotRunAgain() {
        fx.approve(directShell("a2", "a.txt", "a").build());
        fx.approve(directShell("b2", "b.txt", "b").dependsOn(List.of("a2")).build());
        WorkItem project = fx.approve(WorkItem.builder("p2", WorkItemType.PROJECT, "Two").tasks(List.of("a2", "b2"))
                .build());
        var executor = fx.builder(fx.gates()).build();
        executor.execute(project);
        long calls = fx.audited(WorkExecution.EVENT_TOOL_CALL).size();

        WorkItemResult again = executor.execute(fx.approve(project));

        assertThat(again.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(fx.audited(WorkExecution.EVENT_TOOL_CALL)).hasSize((int) calls);
    }

    @Test
    void execute_projectWithCycle_invalidInputAndNothingRuns() {
        fx.approve(directShell("x", "x.txt", "x").dependsOn(List.of("y")).build());
        fx.approve(directShell("y", "y.txt", "y").dependsOn(List.of("x")).build());
        WorkItem project = fx.approve(WorkItem.builder("pc", WorkItemType.PROJECT, "Cycle").tasks(List.of("x", "y"))
                .build());

        assertThatThrownBy(() -> fx.builder(fx.gates()).build().execute(project))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("dependency cycle: x -> y -> x");
        assertThat(fx.audited(WorkExecution.EVENT_TOOL_CALL)).isEmpty();
    }

    @Test
    void execute_dependencyNotDone_projectBlocked() {
        fx.store.save(directShell("ext", "e.txt", "e").build());
        fx.approve(directShell("needs-ext", "n.txt", "n").dependsOn(List.of("ext")).build());
        WorkItem project = fx.approve(WorkItem.builder("pd", WorkItemType.PROJECT, "Dep").tasks(List.of("needs-ext"))
                .build());

        WorkItemResult result = fx.builder(fx.gates()).build().execute(project);

        assertThat(result.status()).isEqualTo(WorkItemStatus.BLOCKED);
        assertThat(result.lastError()).contains("depends on 'ext', which is pending, not done");
        assertThat(fx.audited(WorkExecution.EVENT_TOOL_CALL)).isEmpty();
    }

    @Test
    void execute_projectTaskStuck_projectFailed() {
        fx.approve(directShell("bad", "bad.txt", "good").body("sh -c 'echo evil > bad.txt'")
                .budget(new io.silas.core.work.Budget(200_000, 2.0, 1800, 1, 3)).build());
        WorkItem project = fx.approve(WorkItem.builder("pf", WorkItemType.PROJECT, "Fails").tasks(List.of("bad"))
                .build());

        WorkItemResult result = fx.builder(fx.gates()).build().execute(project);

        assertThat(result.status()).isEqualTo(WorkItemStatus.FAILED);
        assertThat(result.lastError()).contains("task 'bad' ended stuck");
    }

    private WorkItem goal(String template) {
        return WorkItem.builder("g", WorkItemType.GOAL, "Keep fixed.txt present").schedule("*/5 * * * *")
                .verify(List.of(VerificationCheck.of("fixed", "true", Expectation.fileExistsAt("fixed.txt"))))
                .onFailure("spawn_task").failureContext(template).createdAt(WorkFixture.START).build();
    }

    @Test
    void execute_goalCheckFails_spawnedFixRunsUnderStandingToken_thenChangedGoalRefusedAtEntry() {
        WorkItem goal = goal("Restore fixed.txt. Failing: $failed_checks");
        ApprovalToken standing = fx.approvals.issue(goal, ApprovalDecision.approved(), ApprovalScope.STANDING);
        goal = goal.withApprovalToken(standing);
        fx.store.save(goal);
        var executor = fx.builder(fx.gates()).executorAgent(fx.agent(List.of(writes("fixed.txt", "ok")))).build();

        WorkItemResult first = executor.execute(goal);

        assertThat(first.status()).isEqualTo(WorkItemStatus.HEALTHY);
        WorkItem fix = fx.store.listByParent("g").get(0);
        assertThat(fix.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(fix.needsApproval()).isFalse();
        assertThat(fix.approvalToken().scope()).isEqualTo(ApprovalScope.STANDING);
        assertThat(fix.body()).startsWith("Restore fixed.txt. Failing: fixed: File not found");
        assertThat(fx.prompts).isEmpty();
        WorkItem storedGoal = fx.store.get("g").orElseThrow();
        assertThat(storedGoal.approvalToken().executionsUsed()).isEqualTo(1);

        WorkItem changed = storedGoal.toBuilder().failureContext("Do something else: $failed_checks").build();
        WorkItemResult second = executor.execute(changed);

        assertThat(second.status()).isEqualTo(WorkItemStatus.BLOCKED);
        assertThat(second.lastError()).contains("plan_hash_mismatch");
        assertThat(fx.prompts).isEmpty();
        assertThat(fx.store.listByParent("g")).hasSize(1);
        assertThat(fx.store.get("g").orElseThrow().failureContext()).startsWith("Restore fixed.txt");
        assertThat(fx.requests).hasSize(1);
    }

    @Test
    void execute_goalStandingExhausted_freshApprovalGranted_fixRuns() {
        ApprovalEngine once = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                .nonceStore(fx.stores.nonceStore()).audit(fx.audit).clock(fx.clock).standingMaxExecutions(1).build();
        WorkItem goal = goal("Restore fixed.txt: $failed_checks");
        WorkItem earlierFix = WorkItem.builder("g-fix-earlier", WorkItemType.TASK, "Fix").parent("g")
                .verify(goal.verify()).gates(goal.gates()).skills(goal.skills()).escalation(goal.escalation())
                .onFailure(goal.onFailure()).failureContext(goal.failureContext()).build();
        ApprovalToken used = once.verify(once.issue(goal, ApprovalDecision.approved(), ApprovalScope.STANDING), goal,
                earlierFix).orThrow();
        fx.store.save(goal.withApprovalToken(used));
        fx.decisions.add(ApprovalDecision.approved());

        WorkItemResult result = fx.builder(fx.gates(), once)
                .executorAgent(fx.agent(List.of(writes("fixed.txt", "ok")))).build()
                .execute(fx.store.get("g").orElseThrow());

        assertThat(result.status()).isEqualTo(WorkItemStatus.HEALTHY);
        WorkItem fix = fx.store.listByParent("g").get(0);
        assertThat(fix.approvalToken().scope()).isEqualTo(ApprovalScope.FULL_PLAN);
        assertThat(fix.needsApproval()).isTrue();
        assertThat(fx.audited(WorkExecution.EVENT_STANDING_DENIED)).hasSize(1);
    }

    @Test
    void execute_goalChecksPass_healthyWithoutSpawning() {
        WorkItem goal = WorkItem.builder("gh", WorkItemType.GOAL, "Always true").schedule("*/5 * * * *")
                .verify(List.of(VerificationCheck.of("ok", "true", Expectation.exitCodeIs(0)))).onFailure("spawn_task")
                .build();
        goal = goal.withApprovalToken(fx.approvals.issue(goal, ApprovalDecision.approved(), ApprovalScope.STANDING));

        WorkItemResult result = fx.builder(fx.gates()).build().execute(goal);

        assertThat(result.status()).isEqualTo(WorkItemStatus.HEALTHY);
        assertThat(fx.store.listByParent("gh")).isEmpty();
        assertThat(fx.events).extracting(e -> e.kind()).containsExactly(WorkProgress.RUNNING, WorkProgress.HEALTHY);
    }
}
