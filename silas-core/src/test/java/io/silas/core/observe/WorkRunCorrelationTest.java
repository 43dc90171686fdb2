package io.silas.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.error.Correlation;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.BudgetUsed;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemExecutor;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * A work-item run carries its correlation ids (the item and its scope) in the MDC and in exceptions created during
 * it, with no observer at all (the Stream always installs this wrapper), and they are gone after the run.
 */
class WorkRunCorrelationTest {
    @Test
    void run_logsAndExceptionsCarryWorkItemAndScope_clearedAfterwards() {
        AtomicReference<String> mdcWorkItem = new AtomicReference<>();
        AtomicReference<String> mdcScope = new AtomicReference<>();
        AtomicReference<SilasException> made = new AtomicReference<>();
        WorkItemExecutor executor = item -> {
            mdcWorkItem.set(MDC.get(Correlation.MDC_WORK_ITEM_ID));
            mdcScope.set(MDC.get(Correlation.MDC_SCOPE_ID));
            made.set(new SilasException(ErrorCode.INTERNAL, "during the run"));
            return new WorkItemResult(item.id(), WorkItemStatus.DONE, "done", null, List.of(), BudgetUsed.zero(),
                    Map.of(), List.of());
        };
        WorkItem item = WorkItem.builder("w-42", WorkItemType.TASK, "Write a note").scopeId("web:7")
                .createdAt(Instant.parse("2026-02-01T10:00:00Z")).build();

        WorkItemResult result = Observers.workExecutor(executor, SilasObserver.none()).execute(item);

        assertThat(result.status()).isEqualTo(WorkItemStatus.DONE);
        assertThat(mdcWorkItem.get()).isEqualTo("w-42");
        assertThat(mdcScope.get()).isEqualTo("web:7");
        assertThat(made.get().workItemId()).isEqualTo("w-42");
        assertThat(made.get().scopeId()).isEqualTo("web:7");
        assertThat(MDC.get(Correlation.MDC_WORK_ITEM_ID)).isNull();
        assertThat(Correlation.current().workItemId()).isNull();
    }
}
