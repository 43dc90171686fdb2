package io.silas.core.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.gate.Expectation;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateTrigger;
import io.silas.core.json.Json;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.vocabulary.WorkItemType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class WorkItemValidationTest {
    private static void assertInvalid(Executable action, String field) {
        assertThatThrownBy(action::execute).isInstanceOfSatisfying(SilasException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).startsWith(field);
        });
    }

    @Test
    void build_minimalTask_specDefaults() {
        WorkItem item = WorkItem.builder("t1", WorkItemType.TASK, "Title").build();
        assertThat(item.agent()).isEqualTo(AgentLane.EPHEMERAL);
        assertThat(item.budget()).isEqualTo(Budget.defaults());
        assertThat(item.interactionMode()).isEqualTo(InteractionMode.CONFIRM_ONLY_WHEN_REQUIRED);
        assertThat(item.onFailure()).isEqualTo("report");
        assertThat(item.onStuck()).isEqualTo("consult_planner");
        assertThat(item.status()).isEqualTo(WorkItemStatus.PENDING);
        assertThat(item.needsApproval()).isTrue();
        assertThat(item.budgetUsed()).isEqualTo(BudgetUsed.zero());
        assertThat(item.createdAt()).isNull();
    }

    @Test
    void build_taskOrProjectOnStream_rejectedNamingAgent() {
        assertInvalid(() -> WorkItem.builder("t", WorkItemType.TASK, "x").agent(AgentLane.STREAM).build(), "agent");
        assertInvalid(() -> WorkItem.builder("p", WorkItemType.PROJECT, "x").agent(AgentLane.STREAM).build(), "agent");
    }

    @Test
    void build_alwaysOnGoal_defaultsToStreamUnlessOverridden() {
        assertThat(WorkItem.builder("g", WorkItemType.GOAL, "x").schedule("always_on").build().agent())
                .isEqualTo(AgentLane.STREAM);
        assertThat(WorkItem.builder("g", WorkItemType.GOAL, "x").schedule("always_on").agent(AgentLane.EPHEMERAL)
                .build().agent()).isEqualTo(AgentLane.EPHEMERAL);
        assertThat(WorkItem.builder("g", WorkItemType.GOAL, "x").schedule("0 * * * *").build().agent())
                .isEqualTo(AgentLane.EPHEMERAL);
    }

    @Test
    void build_invalidFields_namedInError() {
        assertInvalid(() -> WorkItem.builder(" ", WorkItemType.TASK, "x").build(), "id");
        assertInvalid(() -> WorkItem.builder("t", null, "x").build(), "type");
        assertInvalid(() -> WorkItem.builder("t", WorkItemType.TASK, "").build(), "title");
        assertInvalid(() -> WorkItem.builder("t", WorkItemType.TASK, "x").schedule("every minute").build(), "schedule");
        assertInvalid(() -> WorkItem.builder("t", WorkItemType.TASK, "x").tasks(List.of("a")).build(), "tasks");
        assertInvalid(() -> WorkItem.builder("g", WorkItemType.GOAL, "x").executor(DirectExecutor.SHELL).build(),
                "executor");
        assertInvalid(() -> WorkItem.builder("t", WorkItemType.TASK, "x").dependsOn(List.of("t")).build(), "depends_on");
        assertInvalid(() -> WorkItem.builder("t", WorkItemType.TASK, "x").skills(List.of("a", "a")).build(), "skills");
        assertInvalid(() -> WorkItem.builder("t", WorkItemType.TASK, "x").inputArtifactsFrom(List.of("*", "a"))
                .build(), "input_artifacts_from");
        assertInvalid(() -> WorkItem.builder("t", WorkItemType.TASK, "x").attempts(-1).build(), "attempts");
        Gate g = Gate.builder("g", GateTrigger.ON_TOOL_CALL).build();
        assertInvalid(() -> WorkItem.builder("t", WorkItemType.TASK, "x").gates(List.of(g, g)).build(), "gates");
        VerificationCheck c = WorkSamples.testsPass();
        assertInvalid(() -> WorkItem.builder("t", WorkItemType.TASK, "x").verify(List.of(c, c)).build(), "verify");
    }

    @Test
    void read_invalidJson_namesField() {
        assertInvalid(() -> Json.read("{\"id\":\"t\",\"type\":\"task\",\"title\":\"x\",\"agent\":\"stream\"}",
                WorkItem.class), "agent");
        assertThatThrownBy(() -> Json.read("{\"id\":\"t\",\"type\":\"chore\",\"title\":\"x\"}", WorkItem.class))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.getMessage()).contains("type"));
    }

    @Test
    void nestedRecords_invalid_namedInError() {
        assertInvalid(() -> new Budget(0, 1, 1, 1, 1), "budget.max_tokens");
        assertInvalid(() -> new Budget(1, Double.NaN, 1, 1, 1), "budget.max_cost_usd");
        assertInvalid(() -> new BudgetUsed(-1, 0, 0, 0, 0, 0), "budget_used.tokens");
        assertInvalid(() -> new VerificationCheck("n", "run", Expectation.exitCodeIs(0), 0, false, null),
                "verify.timeout");
        assertInvalid(() -> new VerificationCheck("n", "run", Expectation.exitCodeIs(0), 5, false, "../x"),
                "verify.cwd");
        assertInvalid(() -> new EscalationAction(EscalationActionType.TRANSFER_TO_QUEUE, null, "m", null, 2, null),
                "escalation.queue");
        assertInvalid(() -> new EscalationAction(EscalationActionType.SUPPRESS_AND_REPHRASE, null, null, null, 2,
                null), "escalation.instruction");
        assertInvalid(() -> new EscalationAction(EscalationActionType.RESPOND, null, null, null, 2, null),
                "escalation.message");
        assertInvalid(() -> new WorkItemResult("t", WorkItemStatus.RUNNING, "", null, null, null, null, null),
                "status");
    }

    @Test
    void expectation_notExactlyOnePredicate_rejected() {
        assertInvalid(() -> new Expectation(null, null, null, null, null, null, null, null), "expect");
        assertInvalid(() -> new Expectation(0, "x", null, null, null, null, null, null), "expect");
        assertInvalid(() -> new Expectation(null, null, null, null, null, null, null, false), "expect.not_empty");
        assertInvalid(() -> Expectation.outputMatches("(unclosed"), "expect.regex");
        assertInvalid(() -> Expectation.fileExistsAt("a/../../etc/passwd"), "expect.file_exists");
        assertInvalid(() -> Expectation.outputLessThan(Double.POSITIVE_INFINITY), "expect.output_lt");
    }

    @Test
    void withMethods_changeOnlyTheirField() {
        WorkItem item = WorkSamples.fullTask();
        WorkItem running = item.withStatus(WorkItemStatus.RUNNING).withAttempts(3).withNeedsApproval(false);
        assertThat(running.status()).isEqualTo(WorkItemStatus.RUNNING);
        assertThat(running.attempts()).isEqualTo(3);
        assertThat(running.needsApproval()).isFalse();
        assertThat(running.toBuilder().status(item.status()).attempts(0).needsApproval(true).build()).isEqualTo(item);
    }

    @Test
    void verificationResult_longOutput_truncatedTo1000Chars() {
        String longOut = "x".repeat(999) + "\uD83D\uDE00" + "y".repeat(50);
        VerificationResult r = new VerificationResult("c", true, "ok", longOut, 0);
        assertThat(r.output()).hasSize(999);
        assertThat(new VerificationResult("c", true, "ok", "z".repeat(2000), 0).output()).hasSize(1000);
    }
}
