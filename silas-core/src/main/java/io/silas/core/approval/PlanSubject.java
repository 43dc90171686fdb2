package io.silas.core.approval;

import io.silas.core.vocabulary.WorkItemType;
import org.jspecify.annotations.Nullable;

/**
 * A work item's plan as the approval engine sees it: id, type, parent and the two hashes a token can bind — the plan
 * hash and, for goals and the tasks they spawn, the spawn-policy hash. Implemented by {@code work.WorkItem}.
 *
 * <p><b>Security guarantees:</b> the engine binds {@link #subjectHash()} (all plan fields, never runtime state) for
 * {@code full_plan} tokens and {@link #spawnPolicyHash()} for tasks spawned under a {@code standing} token; both are
 * computed by the item from its own fields.
 */
public non-sealed interface PlanSubject extends ApprovalSubject {
    /** {@return the work item id} */
    String id();

    /**
     * Task, project or goal: only goals take standing approvals and only tasks are spawned under them.
     *
     * @return the work item type
     */
    WorkItemType type();

    /** {@return the goal a spawned task belongs to, or null} */
    @Nullable String parent();

    /**
     * SHA-256 hex of the spawn-policy projection (template, skills, gates, checks, named escalation).
     *
     * @return the string
     */
    String spawnPolicyHash();

    @Override
    default String subjectId() {
        return id();
    }
}
