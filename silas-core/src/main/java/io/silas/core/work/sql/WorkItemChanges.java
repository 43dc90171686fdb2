package io.silas.core.work.sql;

import io.silas.core.approval.ApprovalToken;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.work.BudgetUsed;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemStatus;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The changes a SQL {@link io.silas.core.work.WorkItemStore} applies to a stored item, checked once here so every
 * backend validates and decides identically. A change returning null means "leave the row as it is"; the backend
 * runs it between its locked read and its rewrite.
 */
public final class WorkItemChanges {
    private WorkItemChanges() {
    }

    /**
     * {@return the item to save, or INVALID when it is null}
     *
     * @param item the work item
     */
    public static WorkItem requireItem(@Nullable WorkItem item) {
        if (item == null) {
            throw SilasException.invalid("work_item", "must not be null");
        }
        return item;
    }

    /**
     * {@return the status to list by, or INVALID when it is null}
     *
     * @param status how the call ended
     */
    public static WorkItemStatus requireStatus(@Nullable WorkItemStatus status) {
        if (status == null) {
            throw SilasException.invalid("status", "must not be null");
        }
        return status;
    }

    /**
     * Sets status and budget unconditionally.
     *
     * @param status how the call ended
     * @param budgetUsed the budget used
     * @return the unary operator
     */
    public static UnaryOperator<WorkItem> status(@Nullable WorkItemStatus status,
                                                           @Nullable BudgetUsed budgetUsed) {
        WorkItemStatus s = requireStatusAndBudget(status, budgetUsed);
        BudgetUsed b = budgetUsed;
        return current -> current.toBuilder().status(s).budgetUsed(b).build();
    }

    /**
     * Sets status and budget only while the stored status is {@code expected}; otherwise no change.
     *
     * @param expected the expected
     * @param status how the call ended
     * @param budgetUsed the budget used
     * @return the unary operator
     */
    public static UnaryOperator<WorkItem> compareAndSet(@Nullable WorkItemStatus expected,
                                                                  @Nullable WorkItemStatus status,
                                                                  @Nullable BudgetUsed budgetUsed) {
        if (expected == null) {
            throw SilasException.invalid("expected_status", "must not be null");
        }
        WorkItemStatus s = requireStatusAndBudget(status, budgetUsed);
        BudgetUsed b = budgetUsed;
        return current -> current.status() != expected ? null : current.toBuilder().status(s).budgetUsed(b).build();
    }

    /**
     * Stores the approval token in the item.
     *
     * @param token the token
     * @return the unary operator
     */
    public static UnaryOperator<WorkItem> token(@Nullable ApprovalToken token) {
        if (token == null) {
            throw SilasException.invalid("approval_token", "must not be null");
        }
        return current -> current.withApprovalToken(token);
    }

    /**
     * Applies {@code change} to the stored item read for {@code workItemId}: the changed item to rewrite, or null
     * to leave the row; NOT_FOUND when there is no such item.
     *
     * @param stored the checkpoints stored in the log, in any order
     * @param workItemId the work item
     * @param change the change
     * @return the work item
     */
    public static @Nullable WorkItem apply(Optional<WorkItem> stored, String workItemId,
                                           UnaryOperator<WorkItem> change) {
        WorkItem current = stored.orElseThrow(
                () -> new SilasException(ErrorCode.NOT_FOUND, "no work item with id " + workItemId));
        return change.apply(current);
    }

    private static WorkItemStatus requireStatusAndBudget(@Nullable WorkItemStatus status,
                                                         @Nullable BudgetUsed budgetUsed) {
        if (status == null) {
            throw SilasException.invalid("status", "must not be null");
        }
        if (budgetUsed == null) {
            throw SilasException.invalid("budget_used", "must not be null");
        }
        return status;
    }
}
