package io.silas.execution.work;

import io.silas.core.audit.AuditData;
import io.silas.core.work.VerificationResult;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.core.work.WorkProgress;
import io.silas.core.work.WorkProgressEvent;
import io.silas.core.work.WorkServices;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Persistence, audit and progress reporting shared by the task, project and goal runs. */
final class WorkRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(WorkRecorder.class);

    private final WorkServices deps;

    WorkRecorder(WorkServices deps) {
        this.deps = deps;
    }

    WorkItem persist(WorkItem item) {
        deps.store().save(item);
        return item;
    }

    void progress(WorkItem item, WorkProgress kind, String detail) {
        try {
            deps.listener().onProgress(new WorkProgressEvent(item.id(), kind, item.attempts(), detail,
                    deps.clock().instant()));
        } catch (RuntimeException e) {
            LOG.warn("Work progress listener failed for work item {}", item.id(), e);
        }
    }

    void audit(String event, WorkItem item, AuditData extra) {
        deps.audit().append(event, AuditData.create().workItem(item.id()).putAll(extra));
    }

    /** Persists the final status, audits {@value WorkExecution#EVENT_FINISHED}, reports progress, builds the result. */
    WorkItemResult finish(WorkItem item, WorkItemStatus status, String summary, @Nullable String lastError,
                          List<VerificationResult> verification, Map<String, String> artifacts,
                          List<String> nextSteps) {
        WorkItem last = persist(item.withStatus(status));
        audit(WorkExecution.EVENT_FINISHED, last, AuditData.create().put("type", wire(item.type()))
                .put("status", wire(status)).put("attempts", last.attempts())
                .putIfPresent(AuditData.REASON, lastError));
        progress(last, kindOf(status), lastError == null ? summary : lastError);
        return new WorkItemResult(item.id(), status, summary, lastError, verification, last.budgetUsed(), artifacts,
                nextSteps);
    }

    /** A final {@code blocked} with the reason; nothing else changes. */
    WorkItemResult blocked(WorkItem item, String reason) {
        return finish(item, WorkItemStatus.BLOCKED, "Blocked: " + reason, reason, List.of(), Map.of(), List.of());
    }

    static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static WorkProgress kindOf(WorkItemStatus status) {
        return switch (status) {
            case DONE -> WorkProgress.DONE;
            case HEALTHY -> WorkProgress.HEALTHY;
            case STUCK -> WorkProgress.STUCK;
            case BLOCKED -> WorkProgress.BLOCKED;
            default -> WorkProgress.FAILED;
        };
    }
}
