package io.silas.postgres;

import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.proactivity.AutonomyThresholdProposal;
import io.silas.core.proactivity.BatchActionDecision;
import io.silas.core.proactivity.BatchProposal;
import io.silas.core.proactivity.DecidedBatch;
import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.proactivity.SuggestionProposal;
import java.util.List;
import java.util.Optional;

/**
 * {@link ReviewQueueStore} in {@code review_queue} keyed by (scope, kind, id), with decided batches in
 * {@code batch_decisions}. Resolving is a {@code DELETE}: of two answers to one card, on any JVMs, exactly one sees
 * the row go.
 */
final class PgReviewQueueStore implements ReviewQueueStore {
    private static final String BATCH = "batch";
    private static final String SUGGESTION = "suggestion";
    private static final String AUTONOMY = "autonomy_proposal";
    private static final String INSERT = "INSERT INTO review_queue(scope_id, kind, item_id, payload) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (scope_id, kind, item_id) DO NOTHING";
    private static final String PENDING = "SELECT payload FROM review_queue WHERE scope_id = ? AND kind = ? ORDER BY seq";
    private static final String RESOLVE = "DELETE FROM review_queue WHERE scope_id = ? AND kind = ? AND item_id = ?";
    private static final String TAKE = RESOLVE + " RETURNING payload";
    private static final String DECIDE = "INSERT INTO batch_decisions(scope_id, batch_id, payload) VALUES (?, ?, ?) "
            + "ON CONFLICT (scope_id, batch_id) DO UPDATE SET payload = excluded.payload";
    private static final String DECIDED = "SELECT payload FROM batch_decisions WHERE scope_id = ? AND batch_id = ?";

    private final PgDatabase db;

    PgReviewQueueStore(PgDatabase db) {
        this.db = db;
    }

    @Override
    public void addBatch(String scopeId, BatchProposal batch) {
        ReviewQueueStore.require(scopeId, "scope_id");
        ReviewQueueStore.require(batch, "batch");
        add(scopeId, BATCH, batch.batchId(), batch);
    }

    @Override
    public void addSuggestion(SuggestionProposal suggestion) {
        ReviewQueueStore.require(suggestion, "suggestion");
        add(suggestion.scopeId(), SUGGESTION, suggestion.suggestionId(), suggestion);
    }

    @Override
    public void addAutonomyProposal(AutonomyThresholdProposal proposal) {
        ReviewQueueStore.require(proposal, "proposal");
        add(proposal.scopeId(), AUTONOMY, proposal.proposalId(), proposal);
    }

    @Override
    public List<BatchProposal> pendingBatches(String scopeId) {
        return pending(scopeId, BATCH, BatchProposal.class);
    }

    @Override
    public List<SuggestionProposal> pendingSuggestions(String scopeId) {
        return pending(scopeId, SUGGESTION, SuggestionProposal.class);
    }

    @Override
    public List<AutonomyThresholdProposal> pendingAutonomyProposals(String scopeId) {
        return pending(scopeId, AUTONOMY, AutonomyThresholdProposal.class);
    }

    @Override
    public boolean resolveBatch(String scopeId, String batchId) {
        return resolve(scopeId, BATCH, batchId, "batch_id");
    }

    @Override
    public boolean decideBatch(String scopeId, String batchId, BatchActionDecision decision) {
        ReviewQueueStore.require(scopeId, "scope_id");
        ReviewQueueStore.require(batchId, "batch_id");
        ReviewQueueStore.require(decision, "decision");
        return db.write(c -> {
            Optional<BatchProposal> batch = Sql.one(c, BatchProposal.class, TAKE, scopeId, BATCH, batchId);
            if (batch.isEmpty()) {
                return false;
            }
            // Validates the decision against the batch; an invalid one throws and rolls the removal back.
            String record = Json.write(new DecidedBatch(batch.get(), decision));
            Sql.update(c, DECIDE, scopeId, batchId, record);
            return true;
        });
    }

    @Override
    public Optional<DecidedBatch> decidedBatch(String scopeId, String batchId) {
        ReviewQueueStore.require(scopeId, "scope_id");
        ReviewQueueStore.require(batchId, "batch_id");
        return db.read(c -> Sql.one(c, DecidedBatch.class, DECIDED, scopeId, batchId));
    }

    @Override
    public boolean resolveSuggestion(String scopeId, String suggestionId) {
        return resolve(scopeId, SUGGESTION, suggestionId, "suggestion_id");
    }

    @Override
    public boolean resolveAutonomyProposal(String scopeId, String proposalId) {
        return resolve(scopeId, AUTONOMY, proposalId, "proposal_id");
    }

    @Override
    public List<String> pendingScopes() {
        return db.read(c -> Sql.strings(c, "SELECT DISTINCT scope_id FROM review_queue")).stream().sorted().toList();
    }

    private void add(String scopeId, String kind, String id, Object item) {
        String json = Json.write(item);
        if (db.write(c -> Sql.update(c, INSERT, scopeId, kind, id, json)) == 0) {
            throw SilasException.invalid("id", "already pending in this scope: " + id);
        }
    }

    private <T> List<T> pending(String scopeId, String kind, Class<T> type) {
        ReviewQueueStore.require(scopeId, "scope_id");
        return db.read(c -> Sql.list(c, type, PENDING, scopeId, kind));
    }

    private boolean resolve(String scopeId, String kind, String id, String field) {
        ReviewQueueStore.require(scopeId, "scope_id");
        ReviewQueueStore.require(id, field);
        return db.write(c -> Sql.update(c, RESOLVE, scopeId, kind, id)) == 1;
    }
}
