package io.silas.core.work;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The deterministic return contract of the work item executor (docs/contracts.md#work-items-and-plans). {@code
 * artifacts} come only from successful tool executions, never from the agent's own claims; {@code next_steps} feed
 * suggestion cards. The final status is one of done, healthy, failed, stuck or blocked. Immutable and thread-safe.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkItemResult(String workItemId, WorkItemStatus status, String summary, @Nullable String lastError,
                             List<VerificationResult> verificationResults, BudgetUsed budgetUsed,
                             Map<String, String> artifacts, List<String> nextSteps) {
    private static final Set<WorkItemStatus> FINAL = EnumSet.of(WorkItemStatus.DONE, WorkItemStatus.HEALTHY,
            WorkItemStatus.FAILED, WorkItemStatus.STUCK, WorkItemStatus.BLOCKED);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param workItemId          the work item
     * @param status              how the call ended
     * @param summary             user-facing summary
     * @param lastError           the agent's own error report, if it gave up
     * @param verificationResults the verification results
     * @param budgetUsed          the budget used
     * @param artifacts           names of the files the call produced (successful calls only)
     * @param nextSteps           suggested follow-ups for the user
     */
    public WorkItemResult {
        Checks.nonBlank(workItemId, "work_item_id");
        Checks.nonNull(status, "status");
        if (!FINAL.contains(status)) {
            throw SilasException.invalid("status", "must be one of done, healthy, failed, stuck, blocked");
        }
        summary = summary == null ? "" : summary;
        verificationResults = Checks.indexedList(verificationResults, "verification_results");
        budgetUsed = budgetUsed == null ? BudgetUsed.zero() : budgetUsed;
        artifacts = Checks.orderedMap(artifacts, "artifacts");
        nextSteps = Checks.indexedList(nextSteps, "next_steps");
    }
}
