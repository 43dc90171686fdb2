package io.silas.core.stream;

import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.RouteDecision;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.work.WorkItemResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * What one turn did: the reply sent to the connection, how it was routed, the resolved mode, whether a gate
 * blocked it, and the state of a proposed plan. Immutable and thread-safe.
 *
 * <p>A turn never waits for plan approval or execution: {@link #execution()} completes later, with the work
 * item's result once an approved plan has run, or with {@code null} when the plan was declined or could not run.
 *
 * @param connectionId the connection the message came from (and the reply went to)
 * @param scopeId      the scope the turn ran in
 * @param turnNumber   the scope's turn counter for this turn ({@code 0} for a message consumed as a card reply)
 * @param reply        the text sent to the connection; empty when nothing was sent
 * @param route        the route taken; {@code null} when the turn stopped before routing
 * @param register     the turn's register; {@code null} when the turn stopped before routing
 * @param mode         the mode resolved by {@code InteractionModes.resolve}; {@code null} before routing
 * @param blocked      whether an input or output policy gate blocked the turn
 * @param planStatus   what happened to a proposed plan
 * @param workItemId   the proposed plan's work item id, if any
 * @param execution    completes when the plan flow ended; already completed with {@code null} without a plan
 */
public record TurnResult(String connectionId, String scopeId, int turnNumber, String reply,
                         RouteDecision.@Nullable Route route, @Nullable InteractionRegister register,
                         @Nullable InteractionMode mode, boolean blocked, PlanStatus planStatus,
                         @Nullable String workItemId, CompletionStage<@Nullable WorkItemResult> execution) {

    /** What happened to a plan the planner proposed in this turn. */
    public enum PlanStatus {
        /** No plan was proposed. */
        NONE,
        /** The plan approval card was sent; approval and execution continue in the background. */
        AWAITING_APPROVAL,
        /** The plan markdown could not be parsed; nothing was stored or run. */
        INVALID,
        /** The Stream has no approval engine, card prompter or work executor, so the plan cannot run. */
        UNAVAILABLE,
        /**
         * Not shown to the owner: a non-owner plan the host refuses ({@code NonOwnerPlans.REFUSE}) or too many cards
         * of the scope already wait for the owner; nothing was stored or run.
         */
        REFUSED
    }

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param connectionId the connection the message came from (and the reply went to)
     * @param scopeId      the scope the turn ran in
     * @param turnNumber   the scope's turn counter for this turn ({
     * @param reply        the text sent to the connection; empty when nothing was sent
     * @param route        the route taken; {
     * @param register     the turn's register; {
     * @param mode         the mode resolved by {
     * @param blocked      whether an input or output policy gate blocked the turn
     * @param planStatus   what happened to a proposed plan
     * @param workItemId   the proposed plan's work item id, if any
     * @param execution    completes when the plan flow ended; already completed with {
     */
    public TurnResult {
        Checks.nonBlank(connectionId, "connection_id");
        Checks.nonBlank(scopeId, "scope_id");
        if (turnNumber < 0) {
            throw SilasException.invalid("turn_number", "must be >= 0");
        }
        Checks.nonNull(reply, "reply");
        Checks.nonNull(planStatus, "plan_status");
        Checks.nonNull(execution, "execution");
    }

    /** A completed "no execution" stage. */
    static CompletionStage<@Nullable WorkItemResult> noExecution() {
        return CompletableFuture.completedFuture(null);
    }
}
