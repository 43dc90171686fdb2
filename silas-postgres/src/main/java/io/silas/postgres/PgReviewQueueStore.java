package io.silas.postgres;

import io.silas.core.proactivity.BatchProposal;
import io.silas.core.proactivity.sql.SqlReviewQueueStore;
import io.silas.core.sql.SqlRows;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The review queue on PostgreSQL ({@link SqlReviewQueueStore}). Taking a batch is one {@code DELETE ... RETURNING}:
 * of two answers to one card, on any JVMs, exactly one sees the row go.
 */
final class PgReviewQueueStore extends SqlReviewQueueStore {
    private static final String TAKE = RESOLVE + " RETURNING payload";

    PgReviewQueueStore(PgDatabase db) {
        super(new PgTransactions(db));
    }

    @Override
    protected Optional<BatchProposal> take(SqlRows rows, String scopeId, String batchId) throws SQLException {
        return rows.one(BatchProposal.class, TAKE, scopeId, BATCH, batchId);
    }
}
