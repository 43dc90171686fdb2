package io.silas.postgres;

import io.silas.core.sql.SqlRows;
import io.silas.core.work.WorkItem;
import io.silas.core.work.sql.SqlWorkItemStore;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The work-item store on PostgreSQL ({@link SqlWorkItemStore}). Read-modify-write changes lock the row
 * ({@code SELECT ... FOR UPDATE}), so a compare-and-set has one winner across every JVM of the cluster.
 */
final class PgWorkItemStore extends SqlWorkItemStore {
    private static final String UPSERT = "INSERT INTO work_items(id, status, parent, updated_at, item) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, "
            + "parent = excluded.parent, updated_at = excluded.updated_at, item = excluded.item";

    private final Clock clock;

    PgWorkItemStore(PgDatabase db, Clock clock) {
        super(new PgTransactions(db), SELECT_ONE + " FOR UPDATE");
        this.clock = clock;
    }

    @Override
    protected int upsert(SqlRows rows, WorkItem item, String json) throws SQLException {
        return rows.update(UPSERT, item.id(), SqlRows.wire(item.status()), item.parent(),
                EpochNanos.of("updated_at", clock.instant()), json);
    }
}
