package io.silas.sqlite;

import io.silas.core.sql.SqlRows;
import io.silas.core.work.WorkItem;
import io.silas.core.work.sql.SqlWorkItemStore;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The work-item store on SQLite ({@link SqlWorkItemStore}): also copies out type and {@code follow_up_of}. Changes
 * read and rewrite the row inside the single writer's transaction, so they are atomic against every other writer.
 */
final class SqliteWorkItemStore extends SqlWorkItemStore {
    private static final String UPSERT = "INSERT INTO work_items(id, type, status, parent, follow_up_of, updated_at, "
            + "item) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET type = excluded.type, "
            + "status = excluded.status, parent = excluded.parent, follow_up_of = excluded.follow_up_of, "
            + "updated_at = excluded.updated_at, item = excluded.item";

    private final Clock clock;

    SqliteWorkItemStore(Database db, Clock clock) {
        super(new SqliteTransactions(db), SELECT_ONE);
        this.clock = clock;
    }

    @Override
    protected int upsert(SqlRows rows, WorkItem item, String json) throws SQLException {
        return rows.update(UPSERT, item.id(), SqlRows.wire(item.type()), SqlRows.wire(item.status()), item.parent(),
                item.followUpOf(), Timestamps.format("updated_at", clock.instant()), json);
    }
}
