package io.silas.core.stream;

import io.silas.core.agent.AgentResponse;
import io.silas.core.approval.ApprovalCheck;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.approval.ApprovalVerdict;
import io.silas.core.channel.CardAnswer;
import io.silas.core.channel.CardAudit;
import io.silas.core.channel.PlanApprovalCard;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan approval flow (spec §5.1 step 14, CONTRACTS §9): a parsed plan is stored, its approval card is sent to
 * the connection the turn came from, and the turn returns. When the card resolves — on the card prompter's thread,
 * handed to the background executor — an "approve" by that connection is turned into a signed {@code full_plan}
 * token ({@code ApprovalEngine.issue}), verified (consuming) and attached; the item then runs on the background
 * executor with its progress sent to the same connection. Any other answer (decline, timeout, unknown value,
 * disconnect) declines the plan: it never runs and the connection is told so.
 *
 * <p><b>Security guarantees:</b> the agent's {@code needs_approval=false} never skips approval: without a token
 * the approval engine accepts for exactly this item, {@code needs_approval} is forced to true (audited
 * {@value #EVENT_NEEDS_APPROVAL_OVERRIDDEN}); nothing executes without a verified token. Thread-safe.
 */
final class PlanFlow {
    static final String EVENT_NEEDS_APPROVAL_OVERRIDDEN = "needs_approval_overridden";
    static final String EVENT_PLAN_DECIDED = "plan_approval_decided";
    static final String EVENT_PLAN_FAILED = "plan_execution_failed";

    private static final Logger LOG = LoggerFactory.getLogger(PlanFlow.class);

    private final TurnDeps deps;

    PlanFlow(TurnDeps deps) {
        this.deps = deps;
    }

    /**
     * Forces {@code needs_approval} unless the item carries a token the engine accepts for it; audits an override
     * of the agent's {@code needs_approval=false}.
     */
    WorkItem enforceApproval(TurnContext turn, WorkItem item, AgentResponse response) {
        if (hasValidToken(item)) {
            return item;
        }
        if (!item.needsApproval() || !response.needsApproval()) {
            deps.audit().append(EVENT_NEEDS_APPROVAL_OVERRIDDEN, Map.of("scope_id", turn.scopeId(),
                    "turn", turn.turnNumber(), "work_item_id", item.id()));
        }
        return item.withNeedsApproval(true);
    }

    /**
     * Stores the item and sends its approval card; the returned stage completes with the execution result, or
     * with {@code null} when the plan was declined or could not be approved.
     */
    CompletionStage<@Nullable WorkItemResult> start(TurnContext turn, WorkItem item, String rationale) {
        deps.workItems().save(item);
        PlanApprovalCard card = PlanApprovalCard.forPlan(deps.ids().next(), item, rationale);
        return deps.ops().track(deps.cards().prompt(turn.connectionId(), card)
                .thenApplyAsync(answer -> decide(turn, item, answer), deps.background()));
    }

    private @Nullable WorkItemResult decide(TurnContext turn, WorkItem item, CardAnswer answer) {
        ApprovalVerdict verdict = PlanApprovalCard.verdict(answer);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("scope_id", turn.scopeId());
        data.put("work_item_id", item.id());
        data.put("verdict", verdict.name().toLowerCase(Locale.ROOT));
        data.putAll(CardAudit.fields(answer));
        deps.audit().append(EVENT_PLAN_DECIDED, data);
        String connection = turn.connectionId();
        if (verdict != ApprovalVerdict.APPROVED) {
            deps.channel().send(connection, "Plan '" + item.title() + "' was declined; nothing was run.");
            return null;
        }
        ApprovalToken issued = deps.approvals().issue(item, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
        ApprovalCheck check = deps.approvals().verify(issued, item, null);
        if (!check.valid()) {
            deps.channel().send(connection, "Plan '" + item.title() + "' could not be approved; nothing was run.");
            return null;
        }
        WorkItem approved = item.withApprovalToken(check.token());
        deps.workItems().save(approved);
        try {
            WorkItemResult result = deps.progress().runFor(connection, () -> deps.workExecutor().execute(approved));
            deps.channel().send(connection, "Plan '" + item.title() + "' finished: "
                    + result.status().name().toLowerCase(Locale.ROOT) + ".");
            return result;
        } catch (RuntimeException e) {
            LOG.warn("Execution of {} failed: {}", item.id(), e.getClass().getSimpleName());
            deps.audit().append(EVENT_PLAN_FAILED, Map.of("scope_id", turn.scopeId(), "work_item_id", item.id()));
            deps.channel().send(connection, "Plan '" + item.title() + "' could not be run.");
            throw e;
        }
    }

    private boolean hasValidToken(WorkItem item) {
        return item.approvalToken() != null && deps.approvals() != null
                && deps.approvals().check(item.approvalToken(), item).valid();
    }
}
