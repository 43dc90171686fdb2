package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import io.silas.core.error.SilasException;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemStore;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a plan the model proposed in a turn into a work item the runtime owns (docs/threat-model.md#promise-3): the id
 * is assigned by the runtime (the model's id is discarded, so a proposal can never replace a stored item or drop its
 * token), the item belongs to the turn's scope ({@code scope_id}, bound by the plan hash), and the stored items it
 * names — {@code follow_up_of}, {@code depends_on}, {@code tasks} — must belong to the same scope;
 * {@code follow_up_of} must name an existing item. A refused reference is audited as
 * {@value #EVENT_REFERENCE_REFUSED} and the plan is not adopted.
 *
 * <p><b>Security guarantees:</b> a proposal cannot choose a stored item's id and cannot import or depend on another
 * scope's work. Thread-safe.
 */
final class PlanAdoption {
    static final String EVENT_REFERENCE_REFUSED = "plan_reference_refused";

    private final Basics deps;
    private final WorkItemStore workItems;

    PlanAdoption(Basics deps, WorkItemStore workItems) {
        this.deps = deps;
        this.workItems = workItems;
    }

    /**
     * The proposal with a fresh runtime id and the turn's scope.
     *
     * @throws SilasException {@code INVALID_INPUT} when it names an item outside the scope
     */
    WorkItem adopt(WorkItem proposed, String scopeId, int turn) {
        WorkItem item = proposed.toBuilder().id(deps.ids().next()).scopeId(scopeId).build();
        if (item.followUpOf() != null) {
            requireInScope(item.followUpOf(), "follow_up_of", scopeId, turn, true);
        }
        for (String id : item.dependsOn()) {
            requireInScope(id, "depends_on", scopeId, turn, false);
        }
        for (String id : item.tasks()) {
            requireInScope(id, "tasks", scopeId, turn, false);
        }
        return item;
    }

    private void requireInScope(String id, String field, String scopeId, int turn, boolean mustExist) {
        Optional<WorkItem> stored = workItems.get(id);
        boolean refused = stored.isEmpty() ? mustExist : !Objects.equals(stored.get().scopeId(), scopeId);
        if (refused) {
            AuditData data = AuditData.scope(scopeId);
            data.turn(turn);
            data.put("field", field);
            data.reason(stored.isEmpty() ? "not_found" : "other_scope");
            deps.audit().append(EVENT_REFERENCE_REFUSED, data);
            throw SilasException.invalid(field, "names no work item of this conversation");
        }
    }
}
