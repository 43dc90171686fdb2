package io.silas.sqlite;

import io.silas.core.proactivity.BatchProposal;
import io.silas.core.proactivity.sql.SqlReviewQueueStore;
import io.silas.core.sql.SqlRows;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The review queue on SQLite ({@link SqlReviewQueueStore}). Taking a batch reads its row and deletes it in the
 * same write transaction: safe because the {@link Database} runs one write at a time (a second answer sees no row).
 */
final class SqliteReviewQueueStore extends SqlReviewQueueStore {
    private static final String PENDING_ONE = "SELECT payload FROM review_queue WHERE scope_id = ? AND kind = ? "
            + "AND item_id = ?";

    SqliteReviewQueueStore(Database db) {
        super(new SqliteTransactions(db));
    }

    @Override
    protected Optional<BatchProposal> take(SqlRows rows, String scopeId, String batchId) throws SQLException {
        Optional<BatchProposal> batch = rows.one(BatchProposal.class, PENDING_ONE, scopeId, BATCH, batchId);
        if (batch.isPresent()) {
            rows.update(RESOLVE, scopeId, BATCH, batchId);
        }
        return batch;
    }
}
