package io.silas.core.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.silas.core.error.SilasException;
import io.silas.core.gate.Expectation;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateTrigger;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.AgentLane;
import io.silas.core.work.Budget;
import io.silas.core.work.BudgetUsed;
import io.silas.core.work.DirectExecutor;
import io.silas.core.work.EscalationAction;
import io.silas.core.work.PlanHashes;
import io.silas.core.work.VerificationCheck;
import io.silas.core.work.VerificationResult;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For fuzzed work items: changing a runtime (excluded) field never changes the plan hash; changing an
 * included field always does.
 */
class PlanHashFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void planHash_excludedNeverChanges_includedAlwaysChanges(FuzzedDataProvider data) {
        WorkItem base;
        try {
            base = item(data);
        } catch (SilasException e) {
            return;
        }
        String hash = PlanHashes.planHash(base);

        WorkItem runtime = base.toBuilder()
                .status(WorkItemStatus.values()[data.consumeInt(0, WorkItemStatus.values().length - 1)])
                .attempts(data.consumeInt(0, 1000)).needsApproval(data.consumeBoolean())
                .budgetUsed(new BudgetUsed(data.consumeLong(0, Long.MAX_VALUE / 2), data.consumeRegularDouble(0, 1e6),
                        data.consumeRegularDouble(0, 1e6), data.consumeInt(0, 99), data.consumeInt(0, 99),
                        data.consumeInt(0, 99)))
                .verificationResults(List.of(new VerificationResult("c", data.consumeBoolean(), name(data),
                        data.consumeString(50), null)))
                .createdAt(Instant.ofEpochSecond(data.consumeLong(0, 4_000_000_000L)))
                .approvalToken(data.consumeBoolean() ? ApprovalSamples.singleUse() : null)
                .build();
        assertThat(PlanHashes.planHash(runtime)).isEqualTo(hash);

        String suffix = "~" + name(data);
        WorkItem.Builder b = base.toBuilder();
        switch (data.consumeInt(0, 17)) {
            case 0 -> b.id(base.id() + suffix);
            case 1 -> b.title(base.title() + suffix);
            case 2 -> b.parent(base.parent() == null ? suffix : null);
            case 3 -> b.spawnedBy(base.spawnedBy() == null ? suffix : base.spawnedBy() + suffix);
            case 4 -> b.followUpOf(base.followUpOf() == null ? suffix : null);
            case 5 -> b.domain(base.domain() == null ? suffix : base.domain() + suffix);
            case 6 -> b.body(base.body() + suffix);
            case 7 -> b.interactionMode(base.interactionMode() == InteractionMode.ACT_AND_REPORT
                    ? InteractionMode.DEFAULT_AND_OFFER : InteractionMode.ACT_AND_REPORT);
            case 8 -> b.budget(new Budget(base.budget().maxTokens() + 1, base.budget().maxCostUsd(),
                    base.budget().maxWallTimeSeconds(), base.budget().maxAttempts(), base.budget().maxPlannerCalls()));
            case 9 -> b.skills(plus(base.skills(), "skill" + suffix));
            case 10 -> b.verify(plusCheck(base.verify(), "check" + suffix));
            case 11 -> b.gates(plusGate(base.gates(), "gate" + suffix));
            case 12 -> b.onFailure(base.onFailure() + suffix);
            case 13 -> b.onStuck(base.onStuck() + suffix);
            case 14 -> b.failureContext(base.failureContext() == null ? suffix : base.failureContext() + suffix);
            case 15 -> b.dependsOn(plus(base.dependsOn(), "dep" + suffix));
            case 16 -> b.escalation(plusEscalation(base.escalation(), "esc" + suffix));
            default -> b.executor(base.executor() == DirectExecutor.SHELL ? DirectExecutor.PYTHON : DirectExecutor.SHELL);
        }
        WorkItem changed;
        try {
            changed = b.build();
        } catch (SilasException e) {
            return;
        }
        assertThat(PlanHashes.planHash(changed)).isNotEqualTo(hash);
    }

    private static WorkItem item(FuzzedDataProvider data) {
        return WorkItem.builder(name(data), WorkItemType.TASK, name(data))
                .parent(data.consumeBoolean() ? name(data) : null)
                .domain(data.consumeBoolean() ? name(data) : null)
                .agent(AgentLane.EPHEMERAL)
                .body(data.consumeString(200))
                .skills(data.consumeBoolean() ? List.of(name(data)) : List.of())
                .verify(data.consumeBoolean() ? List.of(VerificationCheck.of(name(data), name(data),
                        Expectation.outputContains(data.consumeString(20)))) : List.of())
                .failureContext(data.consumeBoolean() ? data.consumeString(40) : null)
                .executor(data.consumeBoolean() ? DirectExecutor.SHELL : null)
                .build();
    }

    private static String name(FuzzedDataProvider data) {
        return "n" + data.consumeAsciiString(12).replaceAll("\\p{Cntrl}", "");
    }

    private static List<String> plus(List<String> values, String extra) {
        List<String> copy = new ArrayList<>(values);
        copy.add(extra);
        return copy;
    }

    private static List<VerificationCheck> plusCheck(List<VerificationCheck> values, String name) {
        List<VerificationCheck> copy = new ArrayList<>(values);
        copy.add(VerificationCheck.of(name, "true", Expectation.exitCodeIs(0)));
        return copy;
    }

    private static List<Gate> plusGate(List<Gate> values, String name) {
        List<Gate> copy = new ArrayList<>(values);
        copy.add(Gate.builder(name, GateTrigger.ON_TOOL_CALL).build());
        return copy;
    }

    private static Map<String, EscalationAction> plusEscalation(Map<String, EscalationAction> values, String name) {
        Map<String, EscalationAction> copy = new LinkedHashMap<>(values);
        copy.put(name, EscalationAction.respond("m"));
        return copy;
    }
}
