package io.silas.postgres;

import io.silas.core.approval.ApprovalToken;
import io.silas.core.json.Json;
import io.silas.core.work.BudgetUsed;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemStatus;
import io.silas.core.work.WorkItemStore;
import io.silas.core.work.sql.WorkItemChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link WorkItemStore} in {@code work_items}, each item whole as JSON. Read-modify-write changes lock the row
 * ({@code SELECT ... FOR UPDATE}), so a compare-and-set has one winner across every JVM of the cluster.
 */
final class PgWorkItemStore implements WorkItemStore {
    private static final String UPSERT = "INSERT INTO work_items(id, status, parent, updated_at, item) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, "
            + "parent = excluded.parent, updated_at = excluded.updated_at, item = excluded.item";
    private static final String SELECT_ONE = "SELECT item FROM work_items WHERE id = ?";

    private final PgDatabase db;
    private final Clock clock;

    PgWorkItemStore(PgDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void save(WorkItem item) {
        String json = Json.write(WorkItemChanges.requireItem(item));
        db.write(c -> upsert(c, item, json));
    }

    @Override
    public Optional<WorkItem> get(String workItemId) {
        WorkItemStore.requireId(workItemId, "work_item_id");
        return db.read(c -> Sql.one(c, WorkItem.class, SELECT_ONE, workItemId));
    }

    @Override
    public List<WorkItem> listByStatus(WorkItemStatus status) {
        WorkItemChanges.requireStatus(status);
        return db.read(c -> Sql.list(c, WorkItem.class, "SELECT item FROM work_items WHERE status = ? ORDER BY seq",
                Sql.wire(status)));
    }

    @Override
    public List<WorkItem> listByParent(String parentId) {
        WorkItemStore.requireId(parentId, "parent");
        return db.read(c -> Sql.list(c, WorkItem.class, "SELECT item FROM work_items WHERE parent = ? ORDER BY seq",
                parentId));
    }

    @Override
    public void updateStatus(String workItemId, WorkItemStatus status, BudgetUsed budgetUsed) {
        modify(workItemId, WorkItemChanges.status(status, budgetUsed));
    }

    @Override
    public boolean compareAndSetStatus(String workItemId, WorkItemStatus expected, WorkItemStatus status,
                                       BudgetUsed budgetUsed) {
        return modify(workItemId, WorkItemChanges.compareAndSet(expected, status, budgetUsed));
    }

    @Override
    public void saveToken(String workItemId, ApprovalToken token) {
        modify(workItemId, WorkItemChanges.token(token));
    }

    /** Applies the change to the locked row; a change that returns null leaves the item as it is. */
    private boolean modify(String workItemId, UnaryOperator<WorkItem> change) {
        WorkItemStore.requireId(workItemId, "work_item_id");
        return db.write(c -> {
            WorkItem changed = WorkItemChanges.apply(
                    Sql.one(c, WorkItem.class, SELECT_ONE + " FOR UPDATE", workItemId), workItemId, change);
            if (changed == null) {
                return false;
            }
            upsert(c, changed, Json.write(changed));
            return true;
        });
    }

    private int upsert(Connection c, WorkItem item, String json) throws SQLException {
        return Sql.update(c, UPSERT, item.id(), Sql.wire(item.status()), item.parent(),
                EpochNanos.of("updated_at", clock.instant()), json);
    }
}
