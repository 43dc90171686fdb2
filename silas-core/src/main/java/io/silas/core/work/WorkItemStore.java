package io.silas.core.work;

import io.silas.core.approval.ApprovalToken;
import io.silas.core.error.SilasException;
import java.util.List;
import java.util.Optional;

/**
 * Durable state of work items (docs/contracts.md#work-items-and-plans), so that a restart resumes running work instead
 * of losing it. Each item is stored whole, exactly as given — including its {@link ApprovalToken} with the runtime
 * fields
 * {@code executions_used} and {@code execution_nonces} — and reads return an equal item.
 *
 * <p><b>Atomicity.</b> Every method is atomic. {@link #updateStatus} and {@link #compareAndSetStatus} change
 * status and budget together in one step, and {@link #saveToken} replaces only the token, so concurrent
 * status and token updates of one item never overwrite each other. {@link #compareAndSetStatus} is the tool
 * for resuming after a restart: of several workers that try to move an interrupted {@code running} item,
 * exactly one succeeds.
 *
 * <p><b>Order.</b> Lists return items in the order they were first saved; saving an item again keeps its
 * place.
 *
 * <p><b>Errors.</b> Null arguments and blank ids are {@code INVALID_INPUT}; updating an item that was never
 * saved is {@code NOT_FOUND}. Durable implementations may also throw the {@code DB_*} codes.
 *
 * <p><b>Security guarantees:</b> the store never alters a token: a consumed token copy read back has the same
 * execution count and nonces, so a single-use token that was spent stays spent across restarts. The store
 * does not decide authorisation; the approval engine verifies tokens it reads from here.
 *
 * <p>Implementations are thread-safe.
 */
public interface WorkItemStore {
    /**
     * Persists the item, replacing any stored item with the same id.
     *
     * @param item the work item
     */
    void save(WorkItem item);

    /**
     * {@return the stored item with this id, if any}
     *
     * @param workItemId the work item
     */
    Optional<WorkItem> get(String workItemId);

    /**
     * {@return every stored item currently in the status}
     *
     * @param status how the call ended
     */
    List<WorkItem> listByStatus(WorkItemStatus status);

    /**
     * {@return every stored item whose {@code parent} is the given id (the children of a project or goal)}
     *
     * @param parentId the parent id
     */
    List<WorkItem> listByParent(String parentId);

    /**
     * Sets status and budget used of a stored item in one atomic step, whatever its current status.
     *
     * @param workItemId the work item
     * @param status how the call ended
     * @param budgetUsed the budget used
     * @throws SilasException {@code NOT_FOUND} when no item has this id
     */
    void updateStatus(String workItemId, WorkItemStatus status, BudgetUsed budgetUsed);

    /**
     * Sets status and budget used only if the item's current status is {@code expected} (compare-and-set).
     *
     * @param workItemId the work item
     * @param expected the expected
     * @param status how the call ended
     * @param budgetUsed the budget used
     * @return whether the item was in {@code expected} and has been updated; {@code false} changes nothing
     * @throws SilasException {@code NOT_FOUND} when no item has this id
     */
    boolean compareAndSetStatus(String workItemId, WorkItemStatus expected, WorkItemStatus status,
                                BudgetUsed budgetUsed);

    /**
     * Attaches the token to the stored item, replacing its previous token and nothing else. Use it to persist
     * the consumed copy returned by the approval engine's {@code verify}.
     *
     * @param workItemId the work item
     * @param token the token
     * @throws SilasException {@code NOT_FOUND} when no item has this id
     */
    void saveToken(String workItemId, ApprovalToken token);

    /** {@return a thread-safe in-memory store (lost on restart; for tests and ephemeral hosts)} */
    static WorkItemStore inMemory() {
        return new InMemoryWorkItemStore();
    }

    /**
     * Validates an id argument and returns it; null or blank is {@code INVALID_INPUT}.
     *
     * @param id the id
     * @param field the field the problem is in
     * @return the string
     */
    static String requireId(String id, String field) {
        if (id == null || id.isBlank()) {
            throw SilasException.invalid(field, "must not be blank");
        }
        return id;
    }
}
