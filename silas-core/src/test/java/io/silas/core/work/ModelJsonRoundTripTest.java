package io.silas.core.work;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalSamples;
import io.silas.core.gate.Expectation;
import io.silas.core.gate.GateResult;
import io.silas.core.json.Json;
import io.silas.core.proactivity.AutonomyThresholdDecision;
import io.silas.core.proactivity.BatchActionDecision;
import io.silas.core.proactivity.BatchActionVerdict;
import io.silas.core.proactivity.ProactivitySamples;
import io.silas.core.vocabulary.WorkItemType;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelJsonRoundTripTest {
    static Stream<Object> samples() {
        WorkItem withToken = WorkSamples.fullTask().withApprovalToken(ApprovalSamples.singleUse())
                .withStatus(WorkItemStatus.RUNNING).withAttempts(2)
                .withBudgetUsed(new BudgetUsed(10, 0.5, 12.5, 2, 1, 3))
                .withVerificationResults(List.of(new VerificationResult("tests_pass", false, "exit code 1", "boom", 1)));
        return Stream.of(
                WorkSamples.fullTask(),
                WorkSamples.healthGoal(),
                withToken,
                WorkItem.builder("t", WorkItemType.TASK, "minimal").build(),
                Budget.defaults(),
                new BudgetUsed(1, 2, 3, 4, 5, 6),
                Expectation.outputMatches("^ok\\s*$"),
                WorkSamples.testsPass(),
                new VerificationResult("c", true, "ok", "out", null),
                EscalationAction.respond("hello"),
                new WorkItemResult("task-1", WorkItemStatus.DONE, "done", null,
                        List.of(new VerificationResult("c", true, "ok", "", 0)), BudgetUsed.zero(),
                        Map.of("patch", "diff.txt"), List.of("Open a PR")),
                WorkSamples.positionSizeGate(),
                WorkSamples.scriptGate(),
                GateResult.requireApproval(WorkSamples.positionSizeGate(), "needs a human").withValue(42.5)
                        .withScore(0.5).withFlags(List.of("verbose"))
                        .withModifiedContext(Map.of("response", TextNode.valueOf("[REDACTED]"))),
                ApprovalSamples.singleUse(),
                ApprovalSamples.standing(),
                ApprovalDecision.approved(),
                ProactivitySamples.batch(),
                new BatchActionDecision(BatchActionVerdict.EDIT_SELECTION, List.of("m1")),
                ProactivitySamples.suggestion(),
                ProactivitySamples.widenProposal(),
                AutonomyThresholdDecision.TIGHTEN_NOW);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void writeThenRead_sameValueAndSameJson(Object sample) {
        String json = Json.write(sample);
        Object back = Json.read(json, sample.getClass());
        assertThat(back).isEqualTo(sample);
        assertThat(Json.write(back)).isEqualTo(json);
        assertThat(Json.readStrict(json, sample.getClass())).isEqualTo(sample);
    }
}
