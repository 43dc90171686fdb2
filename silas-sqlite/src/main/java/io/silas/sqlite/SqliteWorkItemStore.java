package io.silas.sqlite;

import io.silas.core.approval.ApprovalToken;
import io.silas.core.json.Json;
import io.silas.core.work.BudgetUsed;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemStatus;
import io.silas.core.work.WorkItemStore;
import io.silas.core.work.sql.WorkItemChanges;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link WorkItemStore} in {@code work_items}: the whole item as JSON (token included) plus copied-out
 * lookup columns. Status, budget and token updates read, change and rewrite the row inside one write
 * transaction, so they are atomic against every other writer.
 */
final class SqliteWorkItemStore implements WorkItemStore {
    private static final String UPSERT = "INSERT INTO work_items(id, type, status, parent, follow_up_of, updated_at, "
            + "item) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET type = excluded.type, "
            + "status = excluded.status, parent = excluded.parent, follow_up_of = excluded.follow_up_of, "
            + "updated_at = excluded.updated_at, item = excluded.item";
    private static final String SELECT_ONE = "SELECT item FROM work_items WHERE id = ?";

    private final Database db;
    private final Clock clock;

    SqliteWorkItemStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void save(WorkItem item) {
        String json = Json.write(WorkItemChanges.requireItem(item));
        db.write(s -> upsert(s, item, json));
    }

    @Override
    public Optional<WorkItem> get(String workItemId) {
        WorkItemStore.requireId(workItemId, "work_item_id");
        return db.read(s -> Rows.one(s, WorkItem.class, SELECT_ONE, workItemId));
    }

    @Override
    public List<WorkItem> listByStatus(WorkItemStatus status) {
        WorkItemChanges.requireStatus(status);
        return db.read(s -> Rows.list(s, WorkItem.class, "SELECT item FROM work_items WHERE status = ? ORDER BY seq",
                Rows.wire(status)));
    }

    @Override
    public List<WorkItem> listByParent(String parentId) {
        WorkItemStore.requireId(parentId, "parent");
        return db.read(s -> Rows.list(s, WorkItem.class, "SELECT item FROM work_items WHERE parent = ? ORDER BY seq",
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

    /**
     * Reads the item, applies the change and rewrites it in one transaction; a change returning null leaves the
     * row untouched. Returns whether the row was rewritten.
     */
    private boolean modify(String workItemId, UnaryOperator<WorkItem> change) {
        WorkItemStore.requireId(workItemId, "work_item_id");
        return db.write(s -> {
            WorkItem changed = WorkItemChanges.apply(Rows.one(s, WorkItem.class, SELECT_ONE, workItemId),
                    workItemId, change);
            if (changed == null) {
                return false;
            }
            upsert(s, changed, Json.write(changed));
            return true;
        });
    }

    private int upsert(Session s, WorkItem item, String json) throws SQLException {
        return Rows.update(s, UPSERT, item.id(), Rows.wire(item.type()), Rows.wire(item.status()), item.parent(),
                item.followUpOf(), Timestamps.format("updated_at", clock.instant()), json);
    }
}
