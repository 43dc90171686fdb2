package io.silas.core.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.gate.AccessLevel;
import io.silas.core.gate.BlockRange;
import io.silas.core.gate.Expectation;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.GateType;
import io.silas.core.gate.NumericRange;
import io.silas.core.json.Json;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.vocabulary.WorkItemType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sample work items, gates and checks for tests in this and other modules (fixed values, no clock). */
public final class WorkSamples {
    public static final Instant CREATED = Instant.parse("2026-02-01T10:00:00Z");

    private WorkSamples() {
    }

    public static VerificationCheck testsPass() {
        return VerificationCheck.of("tests_pass", "pytest tests/test_shifts.py -v", Expectation.exitCodeIs(0));
    }

    public static Gate positionSizeGate() {
        return Gate.builder("position_size", GateTrigger.AFTER_STEP).afterStep(2).type(GateType.NUMERIC_RANGE)
                .extract("position_usd").autoApprove(new NumericRange(0, 25)).requireApproval(new NumericRange(25, 100))
                .block(BlockRange.of(0, 100)).onBlock("abort_trade").build();
    }

    public static Gate scriptGate() {
        Map<String, JsonNode> config = new LinkedHashMap<>();
        config.put("script", TextNode.valueOf("guards/verify_customer.py"));
        config.put("threshold", DoubleNode.valueOf(0.7));
        config.put("args_from_env", Json.mapper().valueToTree(List.of("CUSTOMER_NAME", "CUSTOMER_DOB")));
        return Gate.builder("identity_verified", GateTrigger.EVERY_USER_MESSAGE).provider("script")
                .type(GateType.CUSTOM_CHECK).check("verify_customer").config(config)
                .checkExpect(Expectation.outputEquals("verified")).onBlock("retry_verification").build();
    }

    /** A task with every plan field set to a non-default value. */
    public static WorkItem fullTask() {
        Map<String, AccessLevel> levels = new LinkedHashMap<>();
        levels.put("public", new AccessLevel("General info", List.of("faq_search"), List.of(), null));
        levels.put("verified", new AccessLevel("Customer data", List.of("faq_search", "policy_lookup"),
                List.of("identity_verified"), 900));
        Map<String, EscalationAction> escalation = new LinkedHashMap<>();
        escalation.put("abort_trade", new EscalationAction(EscalationActionType.REPORT, null,
                "Trade aborted", null, 2, null));
        escalation.put("retry_verification", EscalationAction.respond("Could you double-check?"));
        return WorkItem.builder("task-fix-tz-bug", WorkItemType.TASK, "Fix timezone bug")
                .parent("project-1").spawnedBy("goal-1").followUpOf("task-0").domain("business:acme")
                .budget(new Budget(100_000, 1.5, 600, 4, 2)).body("# Context\nFix it.\n")
                .interactionMode(InteractionMode.ACT_AND_REPORT).inputArtifactsFrom(List.of("patch"))
                .verify(List.of(testsPass(), new VerificationCheck("lint_clean", "ruff check .",
                        Expectation.outputNotEmpty(), 30, true, "src")))
                .gates(List.of(positionSizeGate(), scriptGate())).skills(List.of("coding", "git"))
                .accessLevels(levels).escalation(escalation).schedule("*/30 * * * *").onFailure("abort_trade")
                .onStuck("report").failureContext("Failed: $failed_checks").dependsOn(List.of("task-a"))
                .executor(DirectExecutor.SHELL).createdAt(CREATED).build();
    }

    /** The recurring health-monitor goal of docs/plan-format.md#examples (trimmed). */
    public static WorkItem healthGoal() {
        return WorkItem.builder("goal-health-monitor", WorkItemType.GOAL, "Prediction bot health monitor")
                .interactionMode(InteractionMode.ACT_AND_REPORT).schedule("*/30 * * * *")
                .budget(new Budget(10_000, 0.10, 120, 5, 3))
                .verify(List.of(new VerificationCheck("api_responding", "curl -sf https://api.example.com/health",
                                Expectation.outputEquals("ok"), 60, true, null),
                        VerificationCheck.of("last_trade_recent", "python scripts/check_last_trade_age.py",
                                Expectation.outputLessThan(3600))))
                .gates(List.of(positionSizeGate())).skills(List.of("ops", "coding"))
                .escalation(Map.of("spawn_task", EscalationAction.of(EscalationActionType.SPAWN_TASK),
                        "abort_trade", EscalationAction.of(EscalationActionType.REPORT),
                        "unrelated", EscalationAction.respond("hi")))
                .onFailure("spawn_task").failureContext("The health check failed.\n$failed_checks\n")
                .createdAt(CREATED).build();
    }
}
