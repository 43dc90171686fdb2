package io.silas.core.work;

import static io.silas.core.trust.NonceStoreContract.runConcurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.approval.ApprovalSamples;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.WorkItemType;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link WorkItemStore} must show (docs/contracts.md#work-items-and-plans): whole items round-trip
 * (token runtime state included), lists keep first-save order, status/budget/token updates are atomic and
 * compare-and-set has one winner. Subclasses implement {@link #newStore()}:
 *
 * <pre>{@code
 * class InMemoryWorkItemStoreTest extends WorkItemStoreContract {
 *     @Override protected WorkItemStore newStore() { return WorkItemStore.inMemory(); }
 * }
 * }</pre>
 */
public abstract class WorkItemStoreContract {
    private WorkItemStore store;

    /** Returns a new, empty store. */
    protected abstract WorkItemStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** A minimal task with the given id and parent. */
    protected static WorkItem task(String id, String parent) {
        return WorkItem.builder(id, WorkItemType.TASK, "Task " + id).parent(parent).createdAt(WorkSamples.CREATED)
                .build();
    }

    /** The full sample task carrying a single-use token whose one execution was consumed. */
    protected static WorkItem itemWithConsumedToken() {
        ApprovalToken consumed = ApprovalSamples.singleUse().withConsumedExecution("exec-nonce-1");
        return WorkSamples.fullTask().withApprovalToken(consumed).withAttempts(1)
                .withBudgetUsed(BudgetUsed.zero().plusUsage(1234, 0.05).plusAttempt())
                .withStatus(WorkItemStatus.RUNNING);
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void get_unknownId_empty() {
        assertThat(store.get("nope")).isEmpty();
    }

    @Test
    void save_thenGet_roundTripsEveryFieldIncludingConsumedToken() {
        WorkItem item = itemWithConsumedToken();

        store.save(item);

        WorkItem back = store.get(item.id()).orElseThrow();
        assertThat(back).isEqualTo(item);
        assertThat(back.approvalToken().executionsUsed()).isEqualTo(1);
        assertThat(back.approvalToken().executionNonces()).containsExactly("exec-nonce-1");
        assertThat(back.approvalToken().signature()).isEqualTo(ApprovalSamples.placeholderSignature());
    }

    @Test
    void save_standingTokenWithConditions_roundTrips() {
        WorkItem goal = WorkSamples.healthGoal().withApprovalToken(ApprovalSamples.standing().withConsumedExecution("e3"));

        store.save(goal);

        assertThat(store.get(goal.id())).contains(goal);
    }

    @Test
    void save_again_replacesItemAndKeepsListPosition() {
        store.save(task("a", null));
        store.save(task("b", null));

        WorkItem a2 = task("a", null).withAttempts(3);
        store.save(a2);

        assertThat(store.get("a")).contains(a2);
        assertThat(store.listByStatus(WorkItemStatus.PENDING)).extracting(WorkItem::id).containsExactly("a", "b");
    }

    @Test
    void listByStatus_returnsOnlyItemsInThatStatus_inFirstSaveOrder() {
        store.save(task("t1", null));
        store.save(task("t2", null).withStatus(WorkItemStatus.RUNNING));
        store.save(task("t3", null));
        store.save(task("t4", null).withStatus(WorkItemStatus.DONE));

        assertThat(store.listByStatus(WorkItemStatus.PENDING)).extracting(WorkItem::id).containsExactly("t1", "t3");
        assertThat(store.listByStatus(WorkItemStatus.RUNNING)).extracting(WorkItem::id).containsExactly("t2");
        assertThat(store.listByStatus(WorkItemStatus.STUCK)).isEmpty();
    }

    @Test
    void listByStatus_followsStatusUpdates() {
        store.save(task("t1", null));

        store.updateStatus("t1", WorkItemStatus.RUNNING, BudgetUsed.zero());

        assertThat(store.listByStatus(WorkItemStatus.PENDING)).isEmpty();
        assertThat(store.listByStatus(WorkItemStatus.RUNNING)).extracting(WorkItem::id).containsExactly("t1");
    }

    @Test
    void listByParent_returnsChildrenOnly() {
        store.save(task("c1", "project-1"));
        store.save(task("c2", "project-2"));
        store.save(task("c3", "project-1"));
        store.save(task("orphan", null));

        assertThat(store.listByParent("project-1")).extracting(WorkItem::id).containsExactly("c1", "c3");
        assertThat(store.listByParent("project-3")).isEmpty();
    }

    @Test
    void updateStatus_setsStatusAndBudget_leavesEverythingElse() {
        WorkItem item = itemWithConsumedToken();
        store.save(item);
        BudgetUsed used = item.budgetUsed().plusUsage(500, 0.01).plusExecutorRun();

        store.updateStatus(item.id(), WorkItemStatus.DONE, used);

        assertThat(store.get(item.id())).contains(item.toBuilder().status(WorkItemStatus.DONE).budgetUsed(used).build());
    }

    @Test
    void updateStatus_unknownId_notFound() {
        assertCode(() -> store.updateStatus("ghost", WorkItemStatus.DONE, BudgetUsed.zero()), ErrorCode.NOT_FOUND);
        assertThat(store.get("ghost")).isEmpty();
    }

    @Test
    void compareAndSetStatus_expectedMatches_updates() {
        store.save(task("t1", null).withStatus(WorkItemStatus.RUNNING));
        BudgetUsed used = BudgetUsed.zero().plusAttempt();

        boolean updated = store.compareAndSetStatus("t1", WorkItemStatus.RUNNING, WorkItemStatus.FAILED, used);

        assertThat(updated).isTrue();
        WorkItem back = store.get("t1").orElseThrow();
        assertThat(back.status()).isEqualTo(WorkItemStatus.FAILED);
        assertThat(back.budgetUsed()).isEqualTo(used);
    }

    @Test
    void compareAndSetStatus_expectedDiffers_changesNothing() {
        WorkItem item = task("t1", null).withStatus(WorkItemStatus.DONE);
        store.save(item);

        boolean updated = store.compareAndSetStatus("t1", WorkItemStatus.RUNNING, WorkItemStatus.PENDING,
                BudgetUsed.zero().plusAttempt());

        assertThat(updated).isFalse();
        assertThat(store.get("t1")).contains(item);
    }

    @Test
    void compareAndSetStatus_unknownId_notFound() {
        assertCode(() -> store.compareAndSetStatus("ghost", WorkItemStatus.RUNNING, WorkItemStatus.DONE,
                BudgetUsed.zero()), ErrorCode.NOT_FOUND);
    }

    @Test
    void compareAndSetStatus_racingThreads_exactlyOneWins() throws Exception {
        store.save(task("resume-me", null).withStatus(WorkItemStatus.RUNNING));

        List<Boolean> results = runConcurrently(8, t -> store.compareAndSetStatus("resume-me", WorkItemStatus.RUNNING,
                WorkItemStatus.PENDING, BudgetUsed.zero().plusAttempt()));

        assertThat(results).filteredOn(Boolean::booleanValue).hasSize(1);
        assertThat(store.get("resume-me").orElseThrow().status()).isEqualTo(WorkItemStatus.PENDING);
    }

    @Test
    void saveToken_replacesOnlyTheToken() {
        WorkItem item = task("task-1", null).withApprovalToken(ApprovalSamples.singleUse());
        store.save(item);
        store.updateStatus("task-1", WorkItemStatus.RUNNING, BudgetUsed.zero().plusAttempt());
        ApprovalToken consumed = ApprovalSamples.singleUse().withConsumedExecution("exec-1");

        store.saveToken("task-1", consumed);

        WorkItem back = store.get("task-1").orElseThrow();
        assertThat(back.approvalToken()).isEqualTo(consumed);
        assertThat(back.status()).isEqualTo(WorkItemStatus.RUNNING);
        assertThat(back.budgetUsed()).isEqualTo(BudgetUsed.zero().plusAttempt());
    }

    @Test
    void saveToken_unknownId_notFound() {
        assertCode(() -> store.saveToken("ghost", ApprovalSamples.singleUse()), ErrorCode.NOT_FOUND);
    }

    @Test
    void arguments_nullOrBlank_rejected() {
        assertCode(() -> store.save(null), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.get(" "), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.listByStatus(null), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.listByParent(null), ErrorCode.INVALID_INPUT);
        store.save(task("t1", null));
        assertCode(() -> store.updateStatus("t1", null, BudgetUsed.zero()), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.updateStatus("t1", WorkItemStatus.DONE, null), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.compareAndSetStatus("t1", null, WorkItemStatus.DONE, BudgetUsed.zero()),
                ErrorCode.INVALID_INPUT);
        assertCode(() -> store.saveToken("t1", null), ErrorCode.INVALID_INPUT);
        assertThat(store.get("t1")).contains(task("t1", null));
    }

    @Test
    void save_concurrently8Threads500Each_noLostOrDuplicatedItems() throws Exception {
        int perThread = 500;

        runConcurrently(8, t -> {
            for (int i = 0; i < perThread; i++) {
                store.save(task("t" + t + "-" + i, "parent-" + t));
            }
            return null;
        });

        List<String> ids = store.listByStatus(WorkItemStatus.PENDING).stream().map(WorkItem::id).toList();
        assertThat(ids).hasSize(8 * perThread).doesNotHaveDuplicates();
        for (int t = 0; t < 8; t++) {
            String prefix = "t" + t + "-";
            assertThat(store.listByParent("parent-" + t)).extracting(WorkItem::id)
                    .as("per-thread save order")
                    .containsExactlyElementsOf(IntStream.range(0, perThread).mapToObj(i -> prefix + i).toList());
        }
    }
}
