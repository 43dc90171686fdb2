package io.silas.postgres;

import io.silas.core.approval.ApprovalToken;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.work.BudgetUsed;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemStatus;
import io.silas.core.work.WorkItemStore;
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
        if (item == null) {
            throw SilasException.invalid("work_item", "must not be null");
        }
        String json = Json.write(item);
        db.write(c -> upsert(c, item, json));
    }

    @Override
    public Optional<WorkItem> get(String workItemId) {
        WorkItemStore.requireId(workItemId, "work_item_id");
        return db.read(c -> Sql.one(c, WorkItem.class, SELECT_ONE, workItemId));
    }

    @Override
    public List<WorkItem> listByStatus(WorkItemStatus status) {
        if (status == null) {
            throw SilasException.invalid("status", "must not be null");
        }
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
        requireStatusAndBudget(status, budgetUsed);
        modify(workItemId, current -> current.toBuilder().status(status).budgetUsed(budgetUsed).build());
    }

    @Override
    public boolean compareAndSetStatus(String workItemId, WorkItemStatus expected, WorkItemStatus status,
                                       BudgetUsed budgetUsed) {
        if (expected == null) {
            throw SilasException.invalid("expected_status", "must not be null");
        }
        requireStatusAndBudget(status, budgetUsed);
        return modify(workItemId, current -> current.status() != expected ? null
                : current.toBuilder().status(status).budgetUsed(budgetUsed).build());
    }

    @Override
    public void saveToken(String workItemId, ApprovalToken token) {
        if (token == null) {
            throw SilasException.invalid("approval_token", "must not be null");
        }
        modify(workItemId, current -> current.withApprovalToken(token));
    }

    /** Applies the change to the locked row; a change that returns null leaves the item as it is. */
    private boolean modify(String workItemId, UnaryOperator<WorkItem> change) {
        WorkItemStore.requireId(workItemId, "work_item_id");
        return db.write(c -> {
            WorkItem current = Sql.one(c, WorkItem.class, SELECT_ONE + " FOR UPDATE", workItemId)
                    .orElseThrow(() -> new SilasException(ErrorCode.NOT_FOUND, "no work item with id " + workItemId));
            WorkItem changed = change.apply(current);
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

    private static void requireStatusAndBudget(WorkItemStatus status, BudgetUsed budgetUsed) {
        if (status == null) {
            throw SilasException.invalid("status", "must not be null");
        }
        if (budgetUsed == null) {
            throw SilasException.invalid("budget_used", "must not be null");
        }
    }
}
