package io.silas.examples.work;

import static io.silas.examples.work.WorkFixture.does;
import static io.silas.examples.work.WorkFixture.shell;
import static io.silas.examples.work.WorkFixture.task;
import static io.silas.examples.work.WorkFixture.writes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.agent.ExecutorAgentOutput;
import io.silas.core.agent.StructuredCalls;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.GateType;
import io.silas.core.json.Json;
import io.silas.core.tool.ToolCallStatus;
import io.silas.core.tool.ToolResult;
import io.silas.core.work.Budget;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemExecutor;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.core.work.WorkProgress;
import io.silas.execution.work.WorkExecution;
import io.silas.gates.Gates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkExecutionTaskIT {
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

    private WorkItemExecutor executor(io.silas.core.agent.ExecutorAgent agent) {
        return fx.builder(fx.gates()).executorAgent(agent).build();
    }

    @Test
    void execute_agentWritesFileAndChecksPass_doneWithArtifact() {
        WorkItem item = fx.approve(task("t1", "out.txt", "hello").build());

        WorkItemResult result = executor(fx.agent(List.of(writes("out.txt", "hello")))).execute(item);

        assertThat(result.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(result.artifacts()).containsEntry("out.txt", "hello\n");
        assertThat(result.verificationResults()).extracting(r -> r.passed()).containsOnly(true);
        WorkItem stored = fx.store.get("t1").orElseThrow();
        assertThat(stored.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(fx.events).extracting(e -> e.kind()).containsExactly(WorkProgress.RUNNING, WorkProgress.DONE);
        assertThat(fx.audited(WorkExecution.EVENT_TOOL_CALL)).singleElement()
                .satisfies(e -> assertThat(e.data().get("status").asText()).isEqualTo("ok"));
        assertThat(fx.audited(WorkExecution.EVENT_ARTIFACT_REF_MISMATCH)).isEmpty();
    }

    @Test
    void execute_firstAttemptFailsVerification_secondPasses() {
        WorkItem item = fx.approve(task("t2", "out.txt", "hello").build());

        WorkItemResult result = executor(fx.agent(List.of(writes("out.txt", "wrong"), writes("out.txt", "hello"))))
                .execute(item);

        assertThat(result.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(fx.store.get("t2").orElseThrow().attempts()).isEqualTo(2);
        assertThat(fx.requests.get(1).instructions()).contains("## Previous attempt 1 failed")
                .contains("verification failed: content");
        assertThat(fx.events).extracting(e -> e.kind()).containsExactly(WorkProgress.RUNNING,
                WorkProgress.VERIFICATION_FAILED, WorkProgress.RUNNING, WorkProgress.DONE);
    }

    @Test
    void execute_agentClaimsArtifactItDidNotProduce_mismatchAudited() {
        WorkItem item = fx.approve(task("t3", "out.txt", "hello").build());
        var agent = fx.agent(List.of((request, tools) -> {
            tools.invoke(shell("sh -c 'echo hello > out.txt'"));
            return ExecutorAgentOutput.of("done", List.of("out.txt", "report.pdf"));
        }));

        WorkItemResult result = executor(agent).execute(item);

        assertThat(result.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(result.artifacts()).containsOnlyKeys("out.txt");
        assertThat(fx.audited(WorkExecution.EVENT_ARTIFACT_REF_MISMATCH)).singleElement()
                .satisfies(e -> assertThat(e.data().get("claimed_not_produced").toString()).contains("report.pdf"));
    }

    @Test
    void execute_systemToolCallGateRewritesArgs_rewrittenCommandRuns() {
        ObjectNode rewritten = Json.mapper().createObjectNode();
        rewritten.put("command", "sh -c 'echo rewritten > out.txt'");
        var rewriter = Gates.callable("rewriter", (gate, ctx) -> GateResult.pass(gate, "normalised")
                .withModifiedContext(Map.of("tool_args", rewritten)));
        Gate gate = Gate.builder("rewrite", GateTrigger.ON_TOOL_CALL).provider("rewriter")
                .type(GateType.CUSTOM_CHECK).build();
        WorkItem item = fx.approve(task("t4", "out.txt", "rewritten").build());
        var agent = fx.agent(List.of(writes("out.txt", "original")));

        WorkItemResult result = fx.builder(fx.gates(rewriter)).systemGates(List.of(gate)).executorAgent(agent).build()
                .execute(item);

        assertThat(result.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(result.artifacts()).containsEntry("out.txt", "rewritten\n");
        assertThat(fx.audited(WorkExecution.EVENT_TOOL_CALL)).singleElement()
                .satisfies(e -> assertThat(e.data().get("args_rewritten").asBoolean()).isTrue());
    }

    @Test
    void execute_planToolCallGateRewritesArgs_callRefusedAndOriginalNeverReplaced() {
        ObjectNode rewritten = Json.mapper().createObjectNode();
        rewritten.put("command", "sh -c 'echo rewritten > out.txt'");
        var rewriter = Gates.callable("rewriter", (gate, ctx) -> GateResult.pass(gate, "normalised")
                .withModifiedContext(Map.of("tool_args", rewritten)));
        Gate gate = Gate.builder("rewrite", GateTrigger.ON_TOOL_CALL).provider("rewriter")
                .type(GateType.CUSTOM_CHECK).build();
        WorkItem item = fx.approve(task("t4p", "out.txt", "rewritten").gates(List.of(gate))
                .budget(new Budget(200_000, 2.0, 1800, 1, 3)).build());
        var agent = fx.agent(List.of(writes("out.txt", "original")));

        WorkItemResult result = fx.builder(fx.gates(rewriter)).executorAgent(agent).build().execute(item);

        assertThat(result.status()).isNotEqualTo(WorkItemStatus.DONE);
        assertThat(result.artifacts()).doesNotContainEntry("out.txt", "rewritten\n");
        assertThat(fx.audited(WorkExecution.EVENT_TOOL_CALL)).singleElement()
                .satisfies(e -> assertThat(e.data().get("status").asText()).isEqualTo("blocked"));
    }

    @Test
    void execute_directItem_systemGateRewrite_needsFreshApprovalShowingNewArgs_declinedRunsNothing() {
        ObjectNode rewritten = Json.mapper().createObjectNode();
        rewritten.put("command", "sh -c 'echo rewritten > out.txt'");
        var rewriter = Gates.callable("rewriter", (gate, ctx) -> GateResult.pass(gate, "normalised")
                .withModifiedContext(Map.of("tool_args", rewritten)));
        Gate gate = Gate.builder("rewrite", GateTrigger.ON_TOOL_CALL).provider("rewriter")
                .type(GateType.CUSTOM_CHECK).build();
        WorkItem item = fx.approve(WorkFixture.directShell("d-rw", "out.txt", "approved")
                .budget(new Budget(200_000, 2.0, 1800, 1, 3)).build());

        WorkItemResult result = fx.builder(fx.gates(rewriter)).systemGates(List.of(gate)).build().execute(item);

        assertThat(result.status()).isNotEqualTo(WorkItemStatus.DONE);
        assertThat(result.artifacts()).doesNotContainKey("out.txt");
        assertThat(fx.prompts).singleElement().satisfies(p -> {
            assertThat(p.scope()).isEqualTo(ApprovalScope.SINGLE_STEP);
            assertThat(p.item().body()).contains("echo rewritten > out.txt");
        });
    }

    @Test
    void execute_blockingToolCallGate_commandNeverRuns() throws Exception {
        Path markers = Files.createDirectory(tmp.resolve("markers"));
        Files.setPosixFilePermissions(markers, PosixFilePermissions.fromString("rwxrwxrwx"));
        var deny = Gates.callable("deny", (gate, ctx) -> GateResult.block(gate, "touching is forbidden"));
        Gate gate = Gate.builder("no-touch", GateTrigger.ON_TOOL_CALL).provider("deny")
                .type(GateType.CUSTOM_CHECK).build();
        WorkItem item = fx.approve(task("t5", "out.txt", "hello").gates(List.of(gate))
                .budget(new Budget(200_000, 2.0, 1800, 1, 3)).build());
        AtomicReference<ToolResult> seen = new AtomicReference<>();
        var agent = fx.agent(List.of(does(tools -> {
            seen.set(tools.invoke(shell("touch " + markers.resolve("ran"))));
            return tools;
        })));

        WorkItemResult result = fx.builder(fx.gates(deny))
                .sandboxConfig(io.silas.core.execution.SandboxConfig.defaults().withFilesystemWrite(List.of(markers)))
                .executorAgent(agent).build().execute(item);

        assertThat(seen.get().status()).isEqualTo(ToolCallStatus.BLOCKED);
        assertThat(seen.get().error()).contains("touching is forbidden");
        assertThat(markers.resolve("ran")).doesNotExist();
        assertThat(result.status()).isEqualTo(WorkItemStatus.STUCK);
        assertThat(fx.audited(WorkExecution.EVENT_TOOL_CALL)).singleElement()
                .satisfies(e -> assertThat(e.data().get("status").asText()).isEqualTo("blocked"));
    }

    @Test
    void execute_unblockedCommandWithHostMount_markerWritten() throws Exception {
        Path markers = Files.createDirectory(tmp.resolve("markers"));
        Files.setPosixFilePermissions(markers, PosixFilePermissions.fromString("rwxrwxrwx"));
        WorkItem item = fx.approve(task("t5b", "out.txt", "hello").build());
        var agent = fx.agent(List.of((request, tools) -> {
            tools.invoke(shell("touch " + markers.resolve("ran")));
            return writes("out.txt", "hello").apply(request, tools);
        }));

        WorkItemResult result = fx.builder(fx.gates())
                .sandboxConfig(io.silas.core.execution.SandboxConfig.defaults().withFilesystemWrite(List.of(markers)))
                .executorAgent(agent).build().execute(item);

        assertThat(result.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(markers.resolve("ran")).exists();
    }

    @Test
    void execute_toolCallRequiresApproval_runsOnlyWhenApproved() {
        var ask = Gates.callable("ask", (gate, ctx) -> GateResult.requireApproval(gate, "owner must confirm"));
        Gate gate = Gate.builder("confirm", GateTrigger.ON_TOOL_CALL).provider("ask")
                .type(GateType.CUSTOM_CHECK).build();
        WorkItem item = fx.approve(task("t6", "out.txt", "hello").gates(List.of(gate)).build());
        fx.decisions.add(ApprovalDecision.declined());
        fx.decisions.add(ApprovalDecision.approved());
        var agent = fx.agent(List.of(writes("out.txt", "hello")));

        WorkItemResult result = fx.builder(fx.gates(ask)).executorAgent(agent).build().execute(item);

        assertThat(result.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(result.verificationResults()).isNotEmpty();
        assertThat(fx.prompts).hasSize(2).allSatisfy(p -> {
            assertThat(p.scope()).isEqualTo(ApprovalScope.SINGLE_STEP);
            assertThat(p.item().body()).contains("shell_exec").contains("echo hello");
        });
        assertThat(fx.audited(WorkExecution.EVENT_TOOL_CALL)).extracting(e -> e.data().get("status").asText())
                .containsExactly("approval_declined", "ok");
        assertThat(fx.audited(WorkExecution.EVENT_APPROVAL_GRANTED)).hasSize(1);
    }

    @Test
    void execute_noToken_blockedAndNothingRuns() {
        WorkItem item = task("t7", "out.txt", "hello").build();
        fx.store.save(item);

        WorkItemResult result = executor(fx.agent(List.of(writes("out.txt", "hello")))).execute(item);

        assertBlockedWithoutRunning(result, "no approval token");
    }

    @Test
    void execute_tamperedToken_blockedAndNothingRuns() {
        WorkItem approved = fx.approve(task("t8", "out.txt", "hello").build());
        ApprovalToken t = approved.approvalToken();
        ApprovalToken tampered = new ApprovalToken(t.tokenId(), t.planHash(), t.workItemId(), t.scope(), t.verdict(),
                t.nonce(), t.approvalStrength(), t.issuedAt(), t.expiresAt().plus(Duration.ofDays(1)),
                t.maxExecutions(), t.conditions(), t.signature(), t.executionsUsed(), t.executionNonces());

        WorkItemResult result = executor(fx.agent(List.of(writes("out.txt", "hello"))))
                .execute(approved.withApprovalToken(tampered));

        assertBlockedWithoutRunning(result, "signature_invalid");
    }

    @Test
    void execute_changedPlanAfterApproval_blocked() {
        WorkItem approved = fx.approve(task("t9", "out.txt", "hello").build());

        WorkItemResult result = executor(fx.agent(List.of(writes("out.txt", "hello"))))
                .execute(approved.toBuilder().body("Delete everything.").build());

        assertBlockedWithoutRunning(result, "plan_hash_mismatch");
    }

    @Test
    void execute_expiredToken_blockedAndNothingRuns() {
        WorkItem approved = fx.approve(task("t10", "out.txt", "hello").build());
        fx.clock.advance(Duration.ofHours(2));

        WorkItemResult result = executor(fx.agent(List.of(writes("out.txt", "hello")))).execute(approved);

        assertBlockedWithoutRunning(result, "expired");
    }

    private void assertBlockedWithoutRunning(WorkItemResult result, String reason) {
        assertThat(result.status()).isEqualTo(WorkItemStatus.BLOCKED);
        assertThat(result.lastError()).contains(reason);
        assertThat(fx.requests).isEmpty();
        assertThat(fx.audited(WorkExecution.EVENT_TOOL_CALL)).isEmpty();
        assertThat(fx.audited(WorkExecution.EVENT_BLOCKED_NO_APPROVAL)).singleElement()
                .satisfies(e -> assertThat(e.data().get("reason").asText()).contains(reason));
        assertThat(fx.store.get(result.workItemId()).orElseThrow().status()).isEqualTo(WorkItemStatus.BLOCKED);
        assertThat(fx.events).extracting(e -> e.kind()).containsExactly(WorkProgress.BLOCKED);
    }

    @Test
    void execute_tokensReachBudgetExactly_stuckAfterOneAttempt() {
        WorkItem item = fx.approve(task("t11", "out.txt", "hello").budget(new Budget(1000, 2.0, 1800, 5, 3)).build());
        var agent = fx.agent(List.of((request, tools) -> ExecutorAgentOutput.of("thinking", List.of())
                .withUsage(1000, 0.01)));

        WorkItemResult result = executor(agent).execute(item);

        assertThat(result.status()).isEqualTo(WorkItemStatus.STUCK);
        assertThat(result.lastError()).startsWith("budget exhausted");
        assertThat(result.budgetUsed().tokens()).isEqualTo(1000);
        assertThat(fx.store.get("t11").orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void execute_attemptsReachMax_stuckWithLastFailure() {
        WorkItem item = fx.approve(task("t12", "out.txt", "hello").budget(new Budget(200_000, 2.0, 1800, 2, 3)).build());

        WorkItemResult result = executor(fx.agent(List.of(writes("out.txt", "wrong")))).execute(item);

        assertThat(result.status()).isEqualTo(WorkItemStatus.STUCK);
        assertThat(result.lastError()).contains("max attempts (2) reached").contains("content");
        assertThat(fx.store.get("t12").orElseThrow().attempts()).isEqualTo(2);
        assertThat(fx.events).last().satisfies(e -> assertThat(e.kind()).isEqualTo(WorkProgress.STUCK));
    }

    @Test
    void execute_invalidOutputTwice_attemptFailsWithStructuredOutputInvalid() {
        WorkItem item = fx.approve(task("t13", "out.txt", "hello").build());
        var agent = fx.agent(List.of((request, tools) -> {
            throw new SilasException(ErrorCode.LLM_OUTPUT_INVALID, "summary missing");
        }, writes("out.txt", "hello")));

        WorkItemResult result = executor(agent).execute(item);

        assertThat(result.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(fx.requests).hasSize(3);
        assertThat(fx.requests.get(1).instructions()).contains("Your previous answer was invalid")
                .contains("summary missing");
        assertThat(fx.requests.get(2).instructions()).contains("Previous attempt 1 failed")
                .contains(StructuredCalls.EXECUTOR_OUTPUT_INVALID);
        assertThat(fx.audited(WorkExecution.EVENT_OUTPUT_INVALID)).hasSize(1);
        assertThat(fx.audited(WorkExecution.EVENT_ATTEMPT_FAILED)).singleElement()
                .satisfies(e -> assertThat(e.data().get("reason").asText())
                        .startsWith(StructuredCalls.EXECUTOR_OUTPUT_INVALID));
    }

    @Test
    void execute_sandboxTimeoutInFirstAttempt_nextAttemptRuns() {
        WorkItem item = fx.approve(task("t14", "out.txt", "hello").build());
        var agent = fx.agent(List.of(does(tools -> {
            tools.invoke(shell("sleep 30"));
            return tools;
        }), writes("out.txt", "hello")));

        WorkItemResult result = fx.builder(fx.gates()).toolTimeout(Duration.ofSeconds(1)).executorAgent(agent)
                .build().execute(item);

        assertThat(result.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(fx.store.get("t14").orElseThrow().attempts()).isEqualTo(2);
        assertThat(fx.requests.get(1).instructions()).contains("Previous attempt 1 failed")
                .contains("shell_exec #0 error");
        assertThat(fx.audited(WorkExecution.EVENT_TOOL_CALL)).extracting(e -> e.data().get("status").asText())
                .containsExactly("error", "ok");
    }

    @Test
    void execute_stuckAfterThreeAttempts_plannerGuidanceChargedAndPassed() {
        WorkItem item = fx.approve(task("t15", "out.txt", "hello").build());
        var agent = fx.agent(List.of(writes("out.txt", "no"), writes("out.txt", "no"), writes("out.txt", "no"),
                writes("out.txt", "hello")));

        WorkItemResult result = fx.builder(fx.gates()).executorAgent(agent)
                .planner(request -> io.silas.core.agent.AgentResponse.reply("Write exactly 'hello'."))
                .build().execute(item);

        assertThat(result.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(result.budgetUsed().plannerCalls()).isEqualTo(1);
        assertThat(fx.requests.get(3).instructions()).contains("## Planner guidance\nWrite exactly 'hello'.");
        assertThat(fx.requests.get(2).instructions()).doesNotContain("Planner guidance");
        assertThat(fx.audited(WorkExecution.EVENT_PLANNER_CONSULTED)).hasSize(1);
    }

    @Test
    void execute_unknownTool_refusedAndRecorded() {
        WorkItem item = fx.approve(task("t16", "out.txt", "hello").build());
        AtomicReference<ToolResult> seen = new AtomicReference<>();
        var agent = fx.agent(List.of((request, tools) -> {
            seen.set(tools.invoke(new io.silas.core.tool.ToolCall("rm_rf", Json.mapper().createObjectNode())));
            return writes("out.txt", "hello").apply(request, tools);
        }));

        WorkItemResult result = fx.builder(fx.gates()).executorAgent(agent)
                .allowedTools(i -> java.util.Set.of("shell_exec")).build().execute(item);

        assertThat(result.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(seen.get().status()).isEqualTo(ToolCallStatus.NOT_FOUND);
        assertThat(fx.requests.get(0).tools()).extracting(d -> d.name()).containsExactly("shell_exec");
    }
}
