package io.silas.core.observe;

import io.silas.core.error.Correlation;
import io.silas.core.work.ExecutionContext;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemExecutor;
import io.silas.core.work.WorkItemResult;
import org.jspecify.annotations.Nullable;

/**
 * A work executor whose runs carry the work item's log correlation and are timed by result status; the run is the
 * wrapped executor's.
 */
final class ObservedWorkItemExecutor implements WorkItemExecutor {
    private final WorkItemExecutor executor;
    private final SilasObserver observer;

    ObservedWorkItemExecutor(WorkItemExecutor executor, SilasObserver observer) {
        this.executor = executor;
        this.observer = observer;
    }

    @Override
    public WorkItemResult execute(WorkItem item) {
        return run(item, null);
    }

    @Override
    public WorkItemResult execute(WorkItem item, ExecutionContext context) {
        return run(item, context);
    }

    @SuppressWarnings("try") // the correlation scope is only closed, never read
    private WorkItemResult run(WorkItem item, @Nullable ExecutionContext context) {
        try (Correlation.Scope ids = Correlation.open(item.scopeId(), null, item.id());
             OperationScope op = observer.start(Operation.WORK_RUN)) {
            op.id(ObservationKeys.SCOPE_ID, Correlation.current().scopeId())
                    .id(ObservationKeys.WORK_ITEM_ID, item.id());
            try {
                WorkItemResult result = context == null ? executor.execute(item) : executor.execute(item, context);
                op.tag(ObservationKeys.OUTCOME, Observers.word(result.status()));
                return result;
            } catch (RuntimeException | Error e) {
                op.error(e);
                throw e;
            }
        }
    }
}
