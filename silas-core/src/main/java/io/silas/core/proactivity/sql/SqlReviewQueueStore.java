package io.silas.core.proactivity.sql;

import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.proactivity.AutonomyThresholdProposal;
import io.silas.core.proactivity.BatchActionDecision;
import io.silas.core.proactivity.BatchProposal;
import io.silas.core.proactivity.DecidedBatch;
import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.proactivity.SuggestionProposal;
import io.silas.core.sql.SqlRows;
import io.silas.core.sql.SqlTransactions;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@link ReviewQueueStore} in {@code review_queue}: one row per pending item, keyed by (scope, kind, id), payload
 * as JSON. Adding is an insert that the unique key refuses for an id already pending; resolving is a delete whose
 * row count says whether the item was pending. Deciding a batch takes its queue row ({@link #take}) and upserts its
 * {@code batch_decisions} row in one write transaction; an invalid decision rolls the take back.
 *
 * <p><b>Security guarantees.</b> Of two answers to one card, exactly one sees the item leave the queue, provided
 * the backend's {@link #take} removes the row atomically for its concurrency model (a single writer, or a
 * {@code DELETE ... RETURNING} across processes).
 */
public abstract class SqlReviewQueueStore implements ReviewQueueStore {
    /** The {@code kind} of a batch row. */
    protected static final String BATCH = "batch";
    /** Deletes one pending row by (scope_id, kind, item_id). */
    protected static final String RESOLVE = "DELETE FROM review_queue WHERE scope_id = ? AND kind = ? AND item_id = ?";
    private static final String SUGGESTION = "suggestion";
    private static final String AUTONOMY = "autonomy_proposal";
    private static final String INSERT = "INSERT INTO review_queue(scope_id, kind, item_id, payload) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (scope_id, kind, item_id) DO NOTHING";
    private static final String PENDING = "SELECT payload FROM review_queue WHERE scope_id = ? AND kind = ? ORDER BY seq";
    private static final String DECIDE = "INSERT INTO batch_decisions(scope_id, batch_id, payload) VALUES (?, ?, ?) "
            + "ON CONFLICT (scope_id, batch_id) DO UPDATE SET payload = excluded.payload";
    private static final String DECIDED = "SELECT payload FROM batch_decisions WHERE scope_id = ? AND batch_id = ?";

    private final SqlTransactions db;

    /**
     * A store over the backend's transactions.
     *
     * @param db the db
     */
    protected SqlReviewQueueStore(SqlTransactions db) {
        this.db = db;
    }

    /**
     * Removes the pending batch row (kind {@link #BATCH}) inside the caller's write transaction and returns its
     * payload, or empty when it is not pending: only one of two concurrent takes may see it.
     *
     * @param rows the rows
     * @param scopeId the scope the call belongs to
     * @param batchId the batch under review
     * @return the result, if any
     * @throws SQLException if the database fails
     */
    protected abstract Optional<BatchProposal> take(SqlRows rows, String scopeId, String batchId) throws SQLException;

    @Override
    public final void addBatch(String scopeId, BatchProposal batch) {
        ReviewQueueStore.require(scopeId, "scope_id");
        ReviewQueueStore.require(batch, "batch");
        add(scopeId, BATCH, batch.batchId(), batch);
    }

    @Override
    public final void addSuggestion(SuggestionProposal suggestion) {
        ReviewQueueStore.require(suggestion, "suggestion");
        add(suggestion.scopeId(), SUGGESTION, suggestion.suggestionId(), suggestion);
    }

    @Override
    public final void addAutonomyProposal(AutonomyThresholdProposal proposal) {
        ReviewQueueStore.require(proposal, "proposal");
        add(proposal.scopeId(), AUTONOMY, proposal.proposalId(), proposal);
    }

    @Override
    public final List<BatchProposal> pendingBatches(String scopeId) {
        return pending(scopeId, BATCH, BatchProposal.class);
    }

    @Override
    public final List<SuggestionProposal> pendingSuggestions(String scopeId) {
        return pending(scopeId, SUGGESTION, SuggestionProposal.class);
    }

    @Override
    public final List<AutonomyThresholdProposal> pendingAutonomyProposals(String scopeId) {
        return pending(scopeId, AUTONOMY, AutonomyThresholdProposal.class);
    }

    @Override
    public final boolean resolveBatch(String scopeId, String batchId) {
        return resolve(scopeId, BATCH, batchId, "batch_id");
    }

    @Override
    public final boolean decideBatch(String scopeId, String batchId, BatchActionDecision decision) {
        ReviewQueueStore.require(scopeId, "scope_id");
        ReviewQueueStore.require(batchId, "batch_id");
        ReviewQueueStore.require(decision, "decision");
        return db.write(rows -> {
            Optional<BatchProposal> batch = take(rows, scopeId, batchId);
            if (batch.isEmpty()) {
                return false;
            }
            // Validates the decision against the batch; an invalid one throws and rolls the removal back.
            String record = Json.write(new DecidedBatch(batch.get(), decision));
            rows.update(DECIDE, scopeId, batchId, record);
            return true;
        });
    }

    @Override
    public final Optional<DecidedBatch> decidedBatch(String scopeId, String batchId) {
        ReviewQueueStore.require(scopeId, "scope_id");
        ReviewQueueStore.require(batchId, "batch_id");
        return db.read(rows -> rows.one(DecidedBatch.class, DECIDED, scopeId, batchId));
    }

    @Override
    public final boolean resolveSuggestion(String scopeId, String suggestionId) {
        return resolve(scopeId, SUGGESTION, suggestionId, "suggestion_id");
    }

    @Override
    public final boolean resolveAutonomyProposal(String scopeId, String proposalId) {
        return resolve(scopeId, AUTONOMY, proposalId, "proposal_id");
    }

    @Override
    public final List<String> pendingScopes() {
        return db.read(rows -> rows.strings("SELECT DISTINCT scope_id FROM review_queue")).stream().sorted().toList();
    }

    private void add(String scopeId, String kind, String id, Object item) {
        String json = Json.write(item);
        if (db.write(rows -> rows.update(INSERT, scopeId, kind, id, json)) == 0) {
            throw SilasException.invalid("id", "already pending in this scope: " + id);
        }
    }

    private <T> List<T> pending(String scopeId, String kind, Class<T> type) {
        ReviewQueueStore.require(scopeId, "scope_id");
        return db.read(rows -> rows.list(type, PENDING, scopeId, kind));
    }

    private boolean resolve(String scopeId, String kind, String id, String field) {
        ReviewQueueStore.require(scopeId, "scope_id");
        ReviewQueueStore.require(id, field);
        return db.write(rows -> rows.update(RESOLVE, scopeId, kind, id)) == 1;
    }
}
