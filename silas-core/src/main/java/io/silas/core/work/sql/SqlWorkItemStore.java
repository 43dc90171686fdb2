package io.silas.core.work.sql;

import io.silas.core.approval.ApprovalToken;
import io.silas.core.json.Json;
import io.silas.core.sql.SqlRows;
import io.silas.core.sql.SqlTransactions;
import io.silas.core.work.BudgetUsed;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemStatus;
import io.silas.core.work.WorkItemStore;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link WorkItemStore} in {@code work_items}: the whole item as JSON (approval token included, byte for byte) next
 * to copied-out lookup columns. Status, budget and token changes read the row with the backend's locking read,
 * apply the change ({@link WorkItemChanges}) and rewrite it in one write transaction, so a compare-and-set has one
 * winner against every other writer.
 */
public abstract class SqlWorkItemStore implements WorkItemStore {
    /** Reads one stored item by id. */
    protected static final String SELECT_ONE = "SELECT item FROM work_items WHERE id = ?";

    private final SqlTransactions db;
    private final String lockedRead;

    /**
     * A store over the backend's transactions.
     *
     * @param lockedRead the read of the stored item that a change applies to: {@link #SELECT_ONE} where the backend
     *     runs one writer at a time, else that statement with a row lock
     * @param db the db
     */
    protected SqlWorkItemStore(SqlTransactions db, String lockedRead) {
        this.db = db;
        this.lockedRead = lockedRead;
    }

    /**
     * Inserts or replaces the item's row ({@code json} is the item as written by the shared mapper).
     *
     * @param rows the rows
     * @param item the work item
     * @param json the JSON text
     * @return the int
     * @throws SQLException if the database fails
     */
    protected abstract int upsert(SqlRows rows, WorkItem item, String json) throws SQLException;

    @Override
    public final void save(WorkItem item) {
        String json = Json.write(WorkItemChanges.requireItem(item));
        db.write(rows -> upsert(rows, item, json));
    }

    @Override
    public final Optional<WorkItem> get(String workItemId) {
        WorkItemStore.requireId(workItemId, "work_item_id");
        return db.read(rows -> rows.one(WorkItem.class, SELECT_ONE, workItemId));
    }

    @Override
    public final List<WorkItem> listByStatus(WorkItemStatus status) {
        WorkItemChanges.requireStatus(status);
        return db.read(rows -> rows.list(WorkItem.class, "SELECT item FROM work_items WHERE status = ? ORDER BY seq",
                SqlRows.wire(status)));
    }

    @Override
    public final List<WorkItem> listByParent(String parentId) {
        WorkItemStore.requireId(parentId, "parent");
        return db.read(rows -> rows.list(WorkItem.class, "SELECT item FROM work_items WHERE parent = ? ORDER BY seq",
                parentId));
    }

    @Override
    public final void updateStatus(String workItemId, WorkItemStatus status, BudgetUsed budgetUsed) {
        modify(workItemId, WorkItemChanges.status(status, budgetUsed));
    }

    @Override
    public final boolean compareAndSetStatus(String workItemId, WorkItemStatus expected, WorkItemStatus status,
                                             BudgetUsed budgetUsed) {
        return modify(workItemId, WorkItemChanges.compareAndSet(expected, status, budgetUsed));
    }

    @Override
    public final void saveToken(String workItemId, ApprovalToken token) {
        modify(workItemId, WorkItemChanges.token(token));
    }

    /**
     * Reads the item (locked), applies the change and rewrites it in one transaction; a change returning null
     * leaves the row untouched. Returns whether the row was rewritten.
     */
    private boolean modify(String workItemId, UnaryOperator<WorkItem> change) {
        WorkItemStore.requireId(workItemId, "work_item_id");
        return db.write(rows -> {
            WorkItem changed = WorkItemChanges.apply(rows.one(WorkItem.class, lockedRead, workItemId), workItemId,
                    change);
            if (changed == null) {
                return false;
            }
            upsert(rows, changed, Json.write(changed));
            return true;
        });
    }
}
