package io.silas.core.stream;

import io.silas.core.agent.AgentResponse;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalVerdict;
import io.silas.core.audit.AuditData;
import io.silas.core.channel.CardAnswer;
import io.silas.core.channel.CardAudit;
import io.silas.core.channel.CardOrigin;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.OwnerApprovals;
import io.silas.core.channel.PlanApprovalCard;
import io.silas.core.error.Correlation;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStore;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan approval flow (docs/contracts.md#stream-and-turns step 14, docs/contracts.md#stream-and-turns): a parsed
 * plan is stored, its approval card is sent to the <b>owner's</b> primary connection ({@link
 * io.silas.core.channel.OwnerChannel}) showing its origin (scope, connection, sender id, trust), and the turn returns.
 * A plan proposed in a non-owner turn is audited {@value #EVENT_NON_OWNER_PLAN} and either asked of the owner like any
 * other or, with {@link NonOwnerPlans#REFUSE}, dropped; its sender is told only that it awaits the owner. When the card
 * resolves — handed to the background executor — an owner-authenticated "approve" is turned into a signed {@code
 * full_plan} token and verified (consuming) through the one approval flow ({@link OwnerApprovals#grant}) and
 * attached; the item then runs on the
 * background executor with an {@code ExecutionContext} whose progress goes to the owner (the turn's connection when it
 * is an owner turn on an owner connection) and whose mid-execution approvals are cards to the owner. Any other answer
 * (decline, timeout, unknown value, disconnect, an unauthenticated reply) declines the plan: it never runs.
 *
 * <p><b>Security guarantees:</b> the sender of a non-owner message never sees or answers the card; no token is
 * signed from an answer that is not {@link CardAnswer#ownerAuthenticated()}. The agent's {@code needs_approval=false}
 * never skips approval: without a token the approval engine accepts for exactly this item, {@code needs_approval} is
 * forced to true (audited {@value #EVENT_NEEDS_APPROVAL_OVERRIDDEN}); nothing executes without a verified token.
 * Thread-safe.
 */
final class PlanFlow {
    static final String EVENT_NEEDS_APPROVAL_OVERRIDDEN = "needs_approval_overridden";
    static final String EVENT_PLAN_DECIDED = "plan_approval_decided";
    static final String EVENT_PLAN_FAILED = "plan_execution_failed";
    /** A plan was proposed in a turn whose message is not the owner's (audited with origin and decision). */
    static final String EVENT_NON_OWNER_PLAN = "plan_from_non_owner";

    /** Whether a proposed plan goes on to the owner's card. */
    enum Intake {
        /** Its card goes to the owner. */
        ASK_OWNER,
        /** A non-owner plan the host refuses ({@link NonOwnerPlans#REFUSE}). */
        REFUSED,
        /** Too many approval cards of the scope already wait for the owner. */
        TOO_MANY_WAITING
    }

    private static final Logger LOG = LoggerFactory.getLogger(PlanFlow.class);

    private final Basics deps;
    private final WorkItemStore workItems;
    private final OwnerDesk desk;
    private final @Nullable PlanWork work;

    /** @param work how approved work runs; null: plans are unavailable and {@link #start} is never called */
    PlanFlow(Basics deps, WorkItemStore workItems, OwnerDesk desk, @Nullable PlanWork work) {
        this.deps = deps;
        this.workItems = workItems;
        this.desk = desk;
        this.work = work;
    }

    /** Whether approved plans can be approved and run: a work execution and a card prompter. */
    boolean available() {
        return work != null && desk.prompter() != null;
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
            deps.audit().append(EVENT_NEEDS_APPROVAL_OVERRIDDEN, AuditData.scope(turn.scopeId())
                    .turn(turn.turnNumber()).workItem(item.id()));
        }
        return item.withNeedsApproval(true);
    }

    /**
     * Decides whether the turn's plan may be shown to the owner and, if so, takes a waiting-card slot for it (given
     * back when the card resolves; call {@link #start} next). A non-owner plan is audited either way.
     */
    Intake intake(TurnContext turn, WorkItem item) {
        boolean ownerTurn = turn.trust().isOwner();
        Intake intake = !ownerTurn && desk.cards().nonOwnerPlans() == NonOwnerPlans.REFUSE ? Intake.REFUSED
                : desk.cards().reserve(turn.scopeId(), ownerTurn) ? Intake.ASK_OWNER : Intake.TOO_MANY_WAITING;
        if (!ownerTurn) {
            AuditData data = origin(turn).toAudit();
            data.workItem(item.id());
            data.put("decision", intake.name().toLowerCase(Locale.ROOT));
            deps.audit().append(EVENT_NON_OWNER_PLAN, data);
        } else if (intake == Intake.TOO_MANY_WAITING) {
            deps.audit().append(TurnGates.EVENT_OWNER_CARD_REFUSED, AuditData.scope(turn.scopeId())
                    .workItem(item.id()));
        }
        return intake;
    }

    /**
     * Stores the item and sends its approval card to the owner (after {@link #intake} said {@link Intake#ASK_OWNER});
     * the returned stage completes with the execution result, or with {@code null} when the plan was declined or
     * could not be approved.
     */
    CompletionStage<@Nullable WorkItemResult> start(TurnContext turn, WorkItem item, String rationale) {
        workItems.save(item);
        PlanApprovalCard card = PlanApprovalCard.forPlan(deps.ids().next(), item, rationale).withOrigin(origin(turn));
        boolean ownerTurn = turn.trust().isOwner();
        PlanWork running = Objects.requireNonNull(work, "plans are unavailable");
        CardPrompter prompter = Objects.requireNonNull(desk.prompter(), "plans are unavailable");
        return deps.ops().track(prompter.prompt(desk.owner().primary(), card)
                .thenApplyAsync(Correlation.propagate(answer -> {
                    desk.cards().release(turn.scopeId(), ownerTurn);
                    return decide(turn, item, answer, running, prompter);
                }), desk.background()));
    }

    /** Whom the plan's card is for: the turn's scope, connection, sender and trust. */
    static CardOrigin origin(TurnContext turn) {
        return new CardOrigin(turn.scopeId(), turn.connectionId(), turn.message().senderId(),
                turn.trust().taint().name().toLowerCase(Locale.ROOT));
    }

    /**
     * Where the outcome and progress of the turn's plan go: the turn's connection for an owner turn on an owner
     * connection, else the owner's primary connection (never a non-owner sender).
     */
    private String ownerRecipient(TurnContext turn) {
        return turn.trust().isOwner() && desk.owner().isOwnerConnection(turn.connectionId()) ? turn.connectionId()
                : desk.owner().primary();
    }

    private @Nullable WorkItemResult decide(TurnContext turn, WorkItem item, CardAnswer answer, PlanWork running,
                                           CardPrompter prompter) {
        ApprovalVerdict verdict = PlanApprovalCard.verdict(answer);
        AuditData data = AuditData.scope(turn.scopeId());
        data.workItem(item.id());
        data.put("verdict", verdict.name().toLowerCase(Locale.ROOT));
        data.putAll(CardAudit.fields(answer));
        deps.audit().append(EVENT_PLAN_DECIDED, data);
        String connection = ownerRecipient(turn);
        OwnerApprovals.Grant grant = running.owner().grant(item, ApprovalScope.FULL_PLAN,
                OwnerApprovals.decision(answer, a -> verdict == ApprovalVerdict.APPROVED));
        if (grant instanceof OwnerApprovals.Declined) {
            deps.channel().send(connection, "Plan '" + item.title() + "' was declined; nothing was run.");
            return null;
        }
        if (!(grant instanceof OwnerApprovals.Granted granted)) {
            deps.channel().send(connection, "Plan '" + item.title() + "' could not be approved; nothing was run.");
            return null;
        }
        WorkItem approved = item.withApprovalToken(granted.token());
        workItems.save(approved);
        try {
            WorkItemResult result = running.executor().execute(approved,
                    running.executionFor(connection, origin(turn), prompter, desk.owner(), deps.ids()));
            deps.channel().send(connection, "Plan '" + item.title() + "' finished: "
                    + result.status().name().toLowerCase(Locale.ROOT) + ".");
            return result;
        } catch (RuntimeException e) {
            LOG.warn("Execution of {} failed: {}", item.id(), e.getClass().getSimpleName());
            deps.audit().append(EVENT_PLAN_FAILED, AuditData.scope(turn.scopeId()).workItem(item.id()));
            deps.channel().send(connection, "Plan '" + item.title() + "' could not be run.");
            throw e;
        }
    }

    private boolean hasValidToken(WorkItem item) {
        return item.approvalToken() != null && work != null
                && work.approvals().check(item.approvalToken(), item).valid();
    }
}
