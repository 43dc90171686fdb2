package io.silas.core.work;

import io.silas.core.approval.ApprovalToken;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** {@link WorkItemStore} in an insertion-ordered map guarded by the instance lock (items are immutable). */
final class InMemoryWorkItemStore implements WorkItemStore {
    private final Map<String, WorkItem> items = new LinkedHashMap<>();

    @Override
    public synchronized void save(WorkItem item) {
        if (item == null) {
            throw SilasException.invalid("work_item", "must not be null");
        }
        items.put(item.id(), item);
    }

    @Override
    public synchronized Optional<WorkItem> get(String workItemId) {
        return Optional.ofNullable(items.get(WorkItemStore.requireId(workItemId, "work_item_id")));
    }

    @Override
    public List<WorkItem> listByStatus(WorkItemStatus status) {
        if (status == null) {
            throw SilasException.invalid("status", "must not be null");
        }
        return select(i -> i.status() == status);
    }

    @Override
    public List<WorkItem> listByParent(String parentId) {
        WorkItemStore.requireId(parentId, "parent");
        return select(i -> parentId.equals(i.parent()));
    }

    @Override
    public synchronized void updateStatus(String workItemId, WorkItemStatus status, BudgetUsed budgetUsed) {
        WorkItem current = existing(workItemId, status, budgetUsed);
        items.put(workItemId, current.toBuilder().status(status).budgetUsed(budgetUsed).build());
    }

    @Override
    public synchronized boolean compareAndSetStatus(String workItemId, WorkItemStatus expected,
                                                    WorkItemStatus status, BudgetUsed budgetUsed) {
        if (expected == null) {
            throw SilasException.invalid("expected_status", "must not be null");
        }
        WorkItem current = existing(workItemId, status, budgetUsed);
        if (current.status() != expected) {
            return false;
        }
        items.put(workItemId, current.toBuilder().status(status).budgetUsed(budgetUsed).build());
        return true;
    }

    @Override
    public synchronized void saveToken(String workItemId, ApprovalToken token) {
        if (token == null) {
            throw SilasException.invalid("approval_token", "must not be null");
        }
        WorkItem current = lookup(workItemId);
        items.put(workItemId, current.withApprovalToken(token));
    }

    private synchronized List<WorkItem> select(Predicate<WorkItem> filter) {
        return items.values().stream().filter(filter).toList();
    }

    private WorkItem existing(String workItemId, WorkItemStatus status, BudgetUsed budgetUsed) {
        if (status == null) {
            throw SilasException.invalid("status", "must not be null");
        }
        if (budgetUsed == null) {
            throw SilasException.invalid("budget_used", "must not be null");
        }
        return lookup(workItemId);
    }

    private WorkItem lookup(String workItemId) {
        WorkItem current = items.get(WorkItemStore.requireId(workItemId, "work_item_id"));
        if (current == null) {
            throw new SilasException(ErrorCode.NOT_FOUND, "no work item with id " + workItemId);
        }
        return current;
    }
}
