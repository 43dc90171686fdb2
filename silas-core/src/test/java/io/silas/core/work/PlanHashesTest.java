package io.silas.core.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.approval.ApprovalSamples;
import io.silas.core.gate.Expectation;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateTrigger;
import io.silas.core.json.Json;
import io.silas.core.proactivity.AutonomyDirection;
import io.silas.core.proactivity.AutonomyThresholdChange;
import io.silas.core.proactivity.AutonomyThresholdKey;
import io.silas.core.proactivity.AutonomyThresholdProposal;
import io.silas.core.proactivity.BatchProposal;
import io.silas.core.proactivity.ProactivitySamples;
import io.silas.core.proactivity.ProposalHashes;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.vocabulary.RiskLevel;
import io.silas.core.vocabulary.WorkItemType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlanHashesTest {
    private static final WorkItem BASE = WorkSamples.fullTask();

    private static Arguments change(String field, UnaryOperator<WorkItem.Builder> edit) {
        return Arguments.of(field, edit);
    }

    /** One edit per included projection field (plus executor). */
    static Stream<Arguments> includedFieldEdits() {
        return Stream.of(
                change("id", b -> b.id("task-other")),
                change("type", b -> b.type(WorkItemType.PROJECT).executor(null).dependsOn(List.of())),
                change("title", b -> b.title("Fix timezone bug!")),
                change("parent", b -> b.parent(null)),
                change("spawned_by", b -> b.spawnedBy("goal-2")),
                change("follow_up_of", b -> b.followUpOf(null)),
                change("domain", b -> b.domain("personal")),
                change("agent", b -> b.type(WorkItemType.GOAL).executor(null).agent(AgentLane.STREAM)),
                change("budget", b -> b.budget(new Budget(100_000, 1.5, 600, 4, 3))),
                change("body", b -> b.body("# Context\nFix it!\n")),
                change("interaction_mode", b -> b.interactionMode(InteractionMode.DEFAULT_AND_OFFER)),
                change("input_artifacts_from", b -> b.inputArtifactsFrom(List.of("*"))),
                change("verify", b -> b.verify(List.of(WorkSamples.testsPass()))),
                change("verify.expect", b -> b.verify(List.of(VerificationCheck.of("tests_pass",
                        "pytest tests/test_shifts.py -v", Expectation.exitCodeIs(1))))),
                change("gates", b -> b.gates(List.of(WorkSamples.positionSizeGate()))),
                change("gates.config", b -> b.gates(List.of(WorkSamples.positionSizeGate(),
                        WorkSamples.scriptGate().toBuilder().config(Map.of()).build()))),
                change("skills", b -> b.skills(List.of("coding"))),
                change("skills.order", b -> b.skills(List.of("git", "coding"))),
                change("access_levels", b -> b.accessLevels(Map.of())),
                change("escalation", b -> b.escalation(Map.of("abort_trade",
                        EscalationAction.of(EscalationActionType.REPORT)))),
                change("schedule", b -> b.schedule(null)),
                change("on_failure", b -> b.onFailure("report")),
                change("on_stuck", b -> b.onStuck("consult_planner")),
                change("failure_context", b -> b.failureContext(null)),
                change("tasks", b -> b.type(WorkItemType.PROJECT).executor(null).tasks(List.of("task-a2"))),
                change("depends_on", b -> b.dependsOn(List.of("task-a", "task-b"))),
                change("executor", b -> b.executor(DirectExecutor.PYTHON)),
                change("executor.unset", b -> b.executor(null)),
                change("scope_id", b -> b.scopeId("scope-other")));
    }

    /** One edit per excluded (runtime) field. */
    static Stream<Arguments> excludedFieldEdits() {
        return Stream.of(
                change("approval_token", b -> b.approvalToken(ApprovalSamples.singleUse())),
                change("needs_approval", b -> b.needsApproval(false)),
                change("status", b -> b.status(WorkItemStatus.STUCK)),
                change("attempts", b -> b.attempts(4)),
                change("budget_used", b -> b.budgetUsed(new BudgetUsed(5, 0.1, 1, 1, 1, 1))),
                change("verification_results", b -> b.verificationResults(
                        List.of(new VerificationResult("tests_pass", false, "exit code 1", "", 1)))),
                change("created_at", b -> b.createdAt(Instant.parse("2030-01-01T00:00:00Z"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("includedFieldEdits")
    void planHash_includedFieldChanged_hashChanges(String field, UnaryOperator<WorkItem.Builder> edit) {
        WorkItem changed = edit.apply(BASE.toBuilder()).build();
        assertThat(PlanHashes.planHash(changed)).isNotEqualTo(PlanHashes.planHash(BASE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("excludedFieldEdits")
    void planHash_excludedFieldChanged_hashUnchanged(String field, UnaryOperator<WorkItem.Builder> edit) {
        WorkItem changed = edit.apply(BASE.toBuilder()).build();
        assertThat(changed).isNotEqualTo(BASE);
        assertThat(PlanHashes.planHash(changed)).isEqualTo(PlanHashes.planHash(BASE));
    }

    @Test
    void planProjection_exactlyTheSpecFieldsPlusExecutorWhenSet() {
        List<String> spec = List.of("id", "type", "title", "parent", "spawned_by", "follow_up_of", "domain", "agent",
                "budget", "body", "interaction_mode", "input_artifacts_from", "verify", "gates", "skills",
                "access_levels", "escalation", "schedule", "on_failure", "on_stuck", "failure_context", "tasks",
                "depends_on");
        List<String> withExecutor = new ArrayList<>(spec);
        withExecutor.add("executor");
        assertThat(PlanHashes.planProjection(BASE).properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrderElementsOf(withExecutor);
        WorkItem minimal = WorkItem.builder("t", WorkItemType.TASK, "x").build();
        assertThat(PlanHashes.planProjection(minimal).properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrderElementsOf(spec);
        assertThat(PlanHashes.planProjection(minimal).get("parent").isNull()).isTrue();
    }

    /**
     * Every component of the record is either hashed in full (the projection holds exactly its JSON value) or
     * declared runtime state. A new component that is neither fails here.
     */
    @Test
    void everyWorkItemComponent_isHashedInFullOrDeclaredRuntimeState() {
        WorkItem full = BASE.toBuilder().scopeId("scope-a").build();
        com.fasterxml.jackson.databind.node.ObjectNode projection = PlanHashes.planProjection(full);
        com.fasterxml.jackson.databind.node.ObjectNode json = Json.tree(full).deepCopy();
        List<String> unaccounted = new ArrayList<>();
        for (java.lang.reflect.RecordComponent component : WorkItem.class.getRecordComponents()) {
            String name = component.getName();
            boolean hashed = PlanHashes.PLAN_COMPONENTS.contains(name);
            boolean runtime = WorkItem.RUNTIME_STATE.contains(name);
            if (hashed == runtime) {
                unaccounted.add(name + (hashed ? " (both hashed and runtime)" : " (neither hashed nor runtime)"));
                continue;
            }
            if (hashed) {
                String key = snake(name);
                assertThat(projection.has(key)).as("projection binds %s", key).isTrue();
                assertThat(projection.get(key)).as("projection binds all of %s", key)
                        .isEqualTo(json.has(key) ? json.get(key) : com.fasterxml.jackson.databind.node.NullNode
                                .getInstance());
            }
        }
        assertThat(unaccounted).isEmpty();
        assertThat(PlanHashes.PLAN_COMPONENTS.size() + WorkItem.RUNTIME_STATE.size())
                .isEqualTo(WorkItem.class.getRecordComponents().length);
    }

    private static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void planHash_survivesJsonRoundTrip() {
        WorkItem stored = BASE.withApprovalToken(ApprovalSamples.singleUse());
        WorkItem back = Json.read(Json.write(stored), WorkItem.class);
        assertThat(PlanHashes.planHash(back)).isEqualTo(PlanHashes.planHash(BASE)).hasSize(64);
    }

    @Test
    void spawnPolicyHash_orderOfSkillsGatesChecksIrrelevant() {
        WorkItem goal = WorkSamples.healthGoal();
        List<VerificationCheck> reversedChecks = new ArrayList<>(goal.verify());
        java.util.Collections.reverse(reversedChecks);
        Gate extra = Gate.builder("extra", GateTrigger.ON_TOOL_CALL).build();
        WorkItem a = goal.toBuilder().gates(List.of(goal.gates().get(0), extra)).build();
        WorkItem b = goal.toBuilder().skills(List.of("coding", "ops")).verify(reversedChecks)
                .gates(List.of(extra, goal.gates().get(0))).build();
        assertThat(PlanHashes.spawnPolicyHash(a)).isEqualTo(PlanHashes.spawnPolicyHash(b));
        assertThat(PlanHashes.planHash(a)).isNotEqualTo(PlanHashes.planHash(b));
    }

    @Test
    void spawnPolicyHash_onlyReferencedEscalationsAndPolicyFieldsCount() {
        WorkItem goal = WorkSamples.healthGoal();
        String hash = PlanHashes.spawnPolicyHash(goal);
        Map<String, EscalationAction> esc = new LinkedHashMap<>(goal.escalation());
        esc.put("unrelated", EscalationAction.respond("something else"));
        assertThat(PlanHashes.spawnPolicyHash(goal.toBuilder().escalation(esc).build())).isEqualTo(hash);
        assertThat(PlanHashes.spawnPolicyHash(goal.toBuilder().title("other").body("b").schedule("0 * * * *").build()))
                .isEqualTo(hash);

        Map<String, EscalationAction> referenced = new LinkedHashMap<>(goal.escalation());
        referenced.put("abort_trade", EscalationAction.respond("changed"));
        assertThat(PlanHashes.spawnPolicyHash(goal.toBuilder().escalation(referenced).build())).isNotEqualTo(hash);
        assertThat(PlanHashes.spawnPolicyHash(goal.toBuilder().failureContext("x $failed_checks").build()))
                .isNotEqualTo(hash);
        assertThat(PlanHashes.spawnPolicyHash(goal.toBuilder().skills(List.of("ops")).build())).isNotEqualTo(hash);
        assertThat(PlanHashes.spawnPolicyHash(goal.toBuilder().gates(List.of()).build())).isNotEqualTo(hash);
        assertThat(PlanHashes.spawnPolicyHash(goal.toBuilder().verify(List.of()).build())).isNotEqualTo(hash);
        assertThat(PlanHashes.spawnPolicyProjection(goal.toBuilder().failureContext(null).build())
                .get("failure_context_template").textValue()).isEmpty();
    }

    @Test
    void spawnPolicyHash_spawnedTaskCopyingGoalPolicy_matches() {
        WorkItem goal = WorkSamples.healthGoal();
        WorkItem spawned = WorkItem.builder("task-fix-1", WorkItemType.TASK, "Fix health check").parent(goal.id())
                .body(goal.failureContext().replace("$failed_checks", "api_responding")).skills(goal.skills())
                .gates(goal.gates()).verify(goal.verify()).escalation(goal.escalation()).onFailure(goal.onFailure())
                .failureContext(goal.failureContext()).build();
        assertThat(PlanHashes.spawnPolicyHash(spawned)).isEqualTo(PlanHashes.spawnPolicyHash(goal));
    }

    @Test
    void batchHash_bindsGoalActionOrderedIdsAndCount_notMetadata() {
        BatchProposal batch = ProactivitySamples.batch();
        String hash = ProposalHashes.batchHash(batch);
        BatchProposal relabelled = new BatchProposal("batch-other", batch.goalId(), batch.action(), batch.items(),
                "other reason", 0.5, batch.createdAt().plusSeconds(5));
        assertThat(ProposalHashes.batchHash(relabelled)).isEqualTo(hash);
        List<io.silas.core.proactivity.BatchActionItem> reordered = new ArrayList<>(batch.items());
        java.util.Collections.swap(reordered, 0, 1);
        assertThat(ProposalHashes.batchHash(new BatchProposal("b", batch.goalId(), batch.action(), reordered, "", 0,
                batch.createdAt()))).isNotEqualTo(hash);
        assertThat(ProposalHashes.batchHash(new BatchProposal("b", batch.goalId(), "delete", batch.items(), "", 0,
                batch.createdAt()))).isNotEqualTo(hash);
        assertThat(ProposalHashes.batchHash(new BatchProposal("b", "goal-x", batch.action(), batch.items(), "", 0,
                batch.createdAt()))).isNotEqualTo(hash);
        assertThat(ProposalHashes.batchHash(batch.withSelectedItems(List.of("m1", "m2")))).isNotEqualTo(hash);
        assertThat(ProposalHashes.batchProjection(batch).toString())
                .isEqualTo("{\"goal_id\":\"goal-inbox\",\"action\":\"archive\",\"item_ids\":[\"m1\",\"m2\",\"m3\"],\"count\":3}");
    }

    @Test
    void autonomyProposalHash_bindsOrderedChangesAndEvidence_notMetadata() {
        AutonomyThresholdProposal p = ProactivitySamples.widenProposal();
        String hash = ProposalHashes.autonomyProposalHash(p);
        assertThat(ProposalHashes.autonomyProposalHash(new AutonomyThresholdProposal("prop-other", p.scopeId(),
                p.goalId(), p.changes(), p.sampleSize(), p.correctionRate(), p.evidenceWindow(), "other", RiskLevel.HIGH,
                p.createdAt().plusSeconds(9)))).isEqualTo(hash);
        List<AutonomyThresholdChange> reversed = new ArrayList<>(p.changes());
        java.util.Collections.reverse(reversed);
        List<AutonomyThresholdProposal> variants = List.of(
                new AutonomyThresholdProposal("p", p.scopeId(), p.goalId(), reversed, p.sampleSize(),
                        p.correctionRate(), p.evidenceWindow(), "", p.riskLevel(), p.createdAt()),
                new AutonomyThresholdProposal("p", p.scopeId(), p.goalId(), List.of(new AutonomyThresholdChange(
                        AutonomyThresholdKey.BATCH_REVIEW_DEFAULT_SIZE, "10", "25", AutonomyDirection.WIDEN)),
                        p.sampleSize(), p.correctionRate(), p.evidenceWindow(), "", p.riskLevel(), p.createdAt()),
                new AutonomyThresholdProposal("p", "scope-2", p.goalId(), p.changes(), p.sampleSize(),
                        p.correctionRate(), p.evidenceWindow(), "", p.riskLevel(), p.createdAt()),
                new AutonomyThresholdProposal("p", p.scopeId(), null, p.changes(), p.sampleSize(),
                        p.correctionRate(), p.evidenceWindow(), "", p.riskLevel(), p.createdAt()),
                new AutonomyThresholdProposal("p", p.scopeId(), p.goalId(), p.changes(), p.sampleSize() + 1,
                        p.correctionRate(), p.evidenceWindow(), "", p.riskLevel(), p.createdAt()),
                new AutonomyThresholdProposal("p", p.scopeId(), p.goalId(), p.changes(), p.sampleSize(), 0.03,
                        p.evidenceWindow(), "", p.riskLevel(), p.createdAt()),
                new AutonomyThresholdProposal("p", p.scopeId(), p.goalId(), p.changes(), p.sampleSize(),
                        p.correctionRate(), "last 10 batches", "", p.riskLevel(), p.createdAt()));
        for (AutonomyThresholdProposal v : variants) {
            assertThat(ProposalHashes.autonomyProposalHash(v)).isNotEqualTo(hash);
        }
    }
}
