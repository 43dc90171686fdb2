package io.silas.core.proactivity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Hashes;
import io.silas.core.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * The hashes batch and autonomy-threshold approvals bind to (docs/contracts.md#canonical-json-and-hashes,
 * #proactivity-and-autonomy): SHA-256 lower-case hex over the {@link CanonicalJson} bytes of a fixed projection, each
 * also exposed as a tree so it can be shown, audited and golden-tested.
 *
 * <ul>
 *   <li>{@link #batchHash}: {@code goal_id, action, item_ids} (in order), {@code count}; never the batch id.</li>
 *   <li>{@link #autonomyProposalHash}: ordered {@code changes} plus {@code scope_id, goal_id, sample_size,
 *       correction_rate, evidence_window}.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 *
 * <p><b>Security guarantees:</b> changing any included field changes the hash, so an approval never carries over to a
 * different batch or autonomy change.
 */
public final class ProposalHashes {
    private ProposalHashes() {
    }

    /**
     * SHA-256 hex of a batch's binding projection.
     *
     * @param batch the batch exactly as it was queued
     * @return the string
     */
    public static String batchHash(BatchProposal batch) {
        return Hashes.sha256Hex(CanonicalJson.bytes(batchProjection(batch)));
    }

    /**
     * {@code {goal_id, action, item_ids, count}} of a batch (a fresh tree).
     *
     * @param batch the batch exactly as it was queued
     * @return the object node
     */
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

    /**
     * SHA-256 hex of an autonomy-threshold proposal's binding projection.
     *
     * @param proposal the proposal
     * @return the string
     */
    public static String autonomyProposalHash(AutonomyThresholdProposal proposal) {
        return Hashes.sha256Hex(CanonicalJson.bytes(autonomyProposalProjection(proposal)));
    }

    /**
     * Ordered changes plus evidence metadata of a proposal (a fresh tree).
     *
     * @param proposal the proposal
     * @return the object node
     */
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
}
