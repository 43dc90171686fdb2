package io.silas.core.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.gate.Gate;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Hashes;
import io.silas.core.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The hashes a work item's approvals bind to (docs/contracts.md#canonical-json-and-hashes, #work-items-and-plans,
 * #keys-approvals-and-nonces): SHA-256 lower-case hex over the {@link CanonicalJson} bytes of a fixed projection. Each
 * projection is also exposed as a tree so it can be shown, audited and golden-tested.
 *
 * <ul>
 *   <li>{@link #planHash}: the WorkItem approval projection — {@code id, type, title, parent, spawned_by, follow_up_of,
 *       domain, agent, budget, body, interaction_mode, input_artifacts_from, verify, gates, skills, access_levels,
 *       escalation, schedule, on_failure, on_stuck, failure_context, tasks, depends_on}, each present (null when
 *       unset), plus {@code executor} and {@code scope_id} when they are set (so items without a direct executor or
 *       scope hash exactly as the base projection of docs/contracts.md#canonical-json-and-hashes). Every component of
 *       {@link WorkItem} is either in this projection ({@link #PLAN_COMPONENTS}) or runtime state ({@link
 *       WorkItem#RUNTIME_STATE}). Runtime state ({@code approval_token, needs_approval, status, attempts, budget_used,
 *       verification_results, created_at}) is never included. Nested records omit their null fields.</li>
 *   <li>{@link #spawnPolicyHash}: {@code failure_context_template} (raw template, {@code ""} if none),
 *       {@code skills} (sorted, deduplicated), {@code gates} and {@code verify} (each element's canonical
 *       JSON string, list sorted), {@code escalation_config} (the escalation entries named by
 *       {@code on_failure} or a gate's {@code on_block}, keyed by name).</li>
 * </ul>
 *
 * <p>Batches and autonomy proposals are hashed by {@code proactivity.ProposalHashes}. Sorting is by Unicode code
 * point. Stateless and thread-safe.
 *
 * <p><b>Security guarantees:</b> changing any included field (including one skill) changes the hash, so an
 * approval never carries over to a different plan or spawned-task policy; runtime
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

    /**
     * SHA-256 hex of the work item's approval projection.
     *
     * @param item the work item
     * @return the string
     */
    public static String planHash(WorkItem item) {
        return Hashes.sha256Hex(CanonicalJson.bytes(planProjection(item)));
    }

    /**
     * {@return the approval projection of a work item (a fresh tree)}
     *
     * @param item the work item
     */
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
     *
     * @param goal the goal
     * @return the string
     */
    public static String spawnPolicyHash(WorkItem goal) {
        return Hashes.sha256Hex(CanonicalJson.bytes(spawnPolicyProjection(goal)));
    }

    /**
     * {@return the spawn-policy projection (a fresh tree)}
     *
     * @param goal the goal
     */
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

    private static JsonNode tree(@Nullable Object value) {
        return value == null ? NullNode.getInstance() : Json.tree(value);
    }

    private static void sortedArray(ArrayNode target, List<String> values) {
        values.sort(CODE_POINT_ORDER);
        values.forEach(target::add);
    }
}
