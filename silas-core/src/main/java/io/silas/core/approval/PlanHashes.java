package io.silas.core.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.gate.Gate;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Hashes;
import io.silas.core.json.Json;
import io.silas.core.proactivity.AutonomyThresholdChange;
import io.silas.core.proactivity.AutonomyThresholdProposal;
import io.silas.core.proactivity.BatchActionItem;
import io.silas.core.proactivity.BatchProposal;
import io.silas.core.work.EscalationAction;
import io.silas.core.work.VerificationCheck;
import io.silas.core.work.WorkItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The hashes approvals bind to (CONTRACTS §1; spec §3.3, §3.6, §3.11): SHA-256 lower-case hex over the
 * {@link CanonicalJson} bytes of a fixed projection. Each projection is also exposed as a tree so it can be
 * shown, audited and golden-tested.
 *
 * <ul>
 *   <li>{@link #planHash}: the WorkItem approval projection — {@code id, type, title, parent, spawned_by,
 *       follow_up_of, domain, agent, budget, body, interaction_mode, input_artifacts_from, verify, gates,
 *       skills, access_levels, escalation, schedule, on_failure, on_stuck, failure_context, tasks,
 *       depends_on}, each present (null when unset), plus {@code executor} and {@code scope_id} when they are
 *       set (so items without a direct executor or scope hash exactly as the spec projection). Every component
 *       of {@link WorkItem} is either in this projection ({@link #PLAN_COMPONENTS}) or runtime state
 *       ({@link WorkItem#RUNTIME_STATE}). Runtime state ({@code approval_token,
 *       needs_approval, status, attempts, budget_used, verification_results, created_at}) is never included.
 *       Nested records omit their null fields.</li>
 *   <li>{@link #spawnPolicyHash}: {@code failure_context_template} (raw template, {@code ""} if none),
 *       {@code skills} (sorted, deduplicated), {@code gates} and {@code verify} (each element's canonical
 *       JSON string, list sorted), {@code escalation_config} (the escalation entries named by
 *       {@code on_failure} or a gate's {@code on_block}, keyed by name).</li>
 *   <li>{@link #batchHash}: {@code goal_id, action, item_ids} (in order), {@code count}; never the batch id.</li>
 *   <li>{@link #autonomyProposalHash}: ordered {@code changes} plus {@code scope_id, goal_id, sample_size,
 *       correction_rate, evidence_window}.</li>
 * </ul>
 *
 * <p>Sorting is by Unicode code point. Stateless and thread-safe.
 *
 * <p><b>Security guarantees:</b> changing any included field (including one skill) changes the hash, so an
 * approval never carries over to a different plan, spawned-task policy, batch or autonomy change; runtime
 * fields can change freely without invalidating an approval.
 */
public final class PlanHashes {
    private static final Comparator<String> CODE_POINT_ORDER = CanonicalJson.CODE_POINT_ORDER;

    /**
     * The {@link WorkItem} record components the plan projection binds, in projection order; together with
     * {@link WorkItem#RUNTIME_STATE} they are every component of the record (a test keeps it so).
     */
    public static final List<String> PLAN_COMPONENTS = List.of("id", "type", "title", "parent", "spawnedBy",
            "followUpOf", "domain", "agent", "budget", "body", "interactionMode", "inputArtifactsFrom", "verify",
            "gates", "skills", "accessLevels", "escalation", "schedule", "onFailure", "onStuck", "failureContext",
            "tasks", "dependsOn", "executor", "scopeId");

    private PlanHashes() {
    }

    /** SHA-256 hex of the work item's approval projection. */
    public static String planHash(WorkItem item) {
        return Hashes.sha256Hex(CanonicalJson.bytes(planProjection(item)));
    }

    /** The approval projection of a work item (a fresh tree). */
    public static ObjectNode planProjection(WorkItem item) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.set("id", tree(item.id()));
        node.set("type", tree(item.type()));
        node.set("title", tree(item.title()));
        node.set("parent", tree(item.parent()));
        node.set("spawned_by", tree(item.spawnedBy()));
        node.set("follow_up_of", tree(item.followUpOf()));
        node.set("domain", tree(item.domain()));
        node.set("agent", tree(item.agent()));
        node.set("budget", tree(item.budget()));
        node.set("body", tree(item.body()));
        node.set("interaction_mode", tree(item.interactionMode()));
        node.set("input_artifacts_from", tree(item.inputArtifactsFrom()));
        node.set("verify", tree(item.verify()));
        node.set("gates", tree(item.gates()));
        node.set("skills", tree(item.skills()));
        node.set("access_levels", tree(item.accessLevels()));
        node.set("escalation", tree(item.escalation()));
        node.set("schedule", tree(item.schedule()));
        node.set("on_failure", tree(item.onFailure()));
        node.set("on_stuck", tree(item.onStuck()));
        node.set("failure_context", tree(item.failureContext()));
        node.set("tasks", tree(item.tasks()));
        node.set("depends_on", tree(item.dependsOn()));
        if (item.executor() != null) {
            node.set("executor", tree(item.executor()));
        }
        if (item.scopeId() != null) {
            node.put("scope_id", item.scopeId());
        }
        return node;
    }

    /**
     * SHA-256 hex of the spawn-policy projection of a goal — or of a spawned task that copied the goal's
     * template, skills, gates, checks and escalation, which must hash identically.
     */
    public static String spawnPolicyHash(WorkItem goal) {
        return Hashes.sha256Hex(CanonicalJson.bytes(spawnPolicyProjection(goal)));
    }

    /** The spawn-policy projection (a fresh tree). */
    public static ObjectNode spawnPolicyProjection(WorkItem goal) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("failure_context_template", goal.failureContext() == null ? "" : goal.failureContext());
        ArrayNode skills = node.putArray("skills");
        Set<String> sortedSkills = new TreeSet<>(CODE_POINT_ORDER);
        sortedSkills.addAll(goal.skills());
        sortedSkills.forEach(skills::add);
        List<String> gates = new ArrayList<>();
        for (Gate gate : goal.gates()) {
            gates.add(CanonicalJson.string(gate));
        }
        sortedArray(node.putArray("gates"), gates);
        List<String> checks = new ArrayList<>();
        for (VerificationCheck check : goal.verify()) {
            checks.add(CanonicalJson.string(check));
        }
        sortedArray(node.putArray("verify"), checks);
        Set<String> names = new TreeSet<>(CODE_POINT_ORDER);
        names.add(goal.onFailure());
        goal.gates().forEach(g -> names.add(g.onBlock()));
        ObjectNode escalation = node.putObject("escalation_config");
        Map<String, EscalationAction> map = goal.escalation();
        for (String name : names) {
            EscalationAction action = map.get(name);
            if (action != null) {
                escalation.set(name, tree(action));
            }
        }
        return node;
    }

    /** SHA-256 hex of a batch's binding projection. */
    public static String batchHash(BatchProposal batch) {
        return Hashes.sha256Hex(CanonicalJson.bytes(batchProjection(batch)));
    }

    /** {@code {goal_id, action, item_ids, count}} of a batch (a fresh tree). */
    public static ObjectNode batchProjection(BatchProposal batch) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("goal_id", batch.goalId());
        node.put("action", batch.action());
        ArrayNode ids = node.putArray("item_ids");
        for (BatchActionItem item : batch.items()) {
            ids.add(item.itemId());
        }
        node.put("count", batch.items().size());
        return node;
    }

    /** SHA-256 hex of an autonomy-threshold proposal's binding projection. */
    public static String autonomyProposalHash(AutonomyThresholdProposal proposal) {
        return Hashes.sha256Hex(CanonicalJson.bytes(autonomyProposalProjection(proposal)));
    }

    /** Ordered changes plus evidence metadata of a proposal (a fresh tree). */
    public static ObjectNode autonomyProposalProjection(AutonomyThresholdProposal proposal) {
        ObjectNode node = Json.mapper().createObjectNode();
        ArrayNode changes = node.putArray("changes");
        for (AutonomyThresholdChange change : proposal.changes()) {
            changes.add(tree(change));
        }
        node.put("scope_id", proposal.scopeId());
        node.set("goal_id", tree(proposal.goalId()));
        node.put("sample_size", proposal.sampleSize());
        node.put("correction_rate", proposal.correctionRate());
        node.put("evidence_window", proposal.evidenceWindow());
        return node;
    }

    private static JsonNode tree(@Nullable Object value) {
        return value == null ? NullNode.getInstance() : Json.tree(value);
    }

    private static void sortedArray(ArrayNode target, List<String> values) {
        values.sort(CODE_POINT_ORDER);
        values.forEach(target::add);
    }
}
