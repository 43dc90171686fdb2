package io.silas.core.channel;

import io.silas.core.approval.ApprovalCheck;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalSubject;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.approval.ApprovalVerdict;
import io.silas.core.error.SilasException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one approval flow: what the owner answered on a card becomes a signed approval only here. Plans
 * ({@code PlanApprovalCard}), mid-execution approvals (the work executor's {@code ApprovalPrompter}), autonomy
 * proposals ({@link AutonomyReviewCard}) and connection escalations ({@link PermissionEscalationCard}) all go
 * ask on a card → {@link #decision read the answer} → {@link #issue issue} for exactly the subject the card showed →
 * {@link #grant verify}; the engine audits each issue, verify and denial ({@code approval_issued},
 * {@code approval_verified}, {@code approval_denied}), the caller audits what the answer decided.
 *
 * <pre>{@code
 * OwnerApprovals flow = OwnerApprovals.over(approvals);
 * CardAnswer answer = cards.prompt("owner-connection",
 *         PlanApprovalCard.forPlan("card-1", item, "The planner proposed this plan.")).join();
 * OwnerApprovals.Grant grant = flow.grant(item, ApprovalScope.FULL_PLAN,
 *         OwnerApprovals.decision(answer, a -> PlanApprovalCard.APPROVE.equals(a.value())));
 * if (grant instanceof OwnerApprovals.Granted granted) {
 *     ApprovalToken usable = granted.token();
 * }
 * }</pre>
 *
 * <p><b>Security guarantees:</b> a card answer counts as an approval only when it is
 * {@link CardAnswer#ownerAuthenticated()} (a tap on an owner connection the card was sent to, never a channel
 * default, a timeout, or a reply from another connection) and the card reads its value as approve; only an
 * {@link ApprovalVerdict#APPROVED} decision is ever signed, and only for the subject and scope passed here (the
 * subject hash binds the token to exactly the plan, batch, proposal or escalation shown). {@link #grant} hands a
 * token out only after a consuming {@link ApprovalEngine#verify} for that same subject succeeded; {@link #issue}
 * is for a consumer that verifies at the point of use (the connection manager verifies what its presenter returns).
 * Thread-safe when the engine is.
 */
public final class OwnerApprovals {
    private final ApprovalEngine engine;

    private OwnerApprovals(ApprovalEngine engine) {
        this.engine = engine;
    }

    /**
     * {@return the flow over {@code engine}}
     *
     * @param engine the approval engine
     */
    public static OwnerApprovals over(ApprovalEngine engine) {
        if (engine == null) {
            throw SilasException.invalid("approvals", "is required");
        }
        return new OwnerApprovals(engine);
    }

    /**
     * {@return what an answer decides: {@link ApprovalDecision#approved()} only when it is owner-authenticated and
     * {@code approves} reads it as approve; {@link ApprovalDecision#declined()} for everything else}
     *
     * @param answer the answer
     * @param approves whether the card reads this answer's value as approve
     */
    public static ApprovalDecision decision(CardAnswer answer, Predicate<CardAnswer> approves) {
        return answer != null && answer.ownerAuthenticated() && approves.test(answer) ? ApprovalDecision.approved()
                : ApprovalDecision.declined();
    }

    /**
     * A signed token for exactly {@code subject} and {@code scope} when {@code decision} is approved, not yet
     * verified; empty (nothing signed) for any other decision.
     *
     * @param subject the subject
     * @param scope the scope the token will carry
     * @param decision the user's decision (a timeout or disconnect is recorded as {@code decline})
     * @return the result, if any
     * @throws SilasException {@code INVALID_INPUT} for a scope that does not fit the subject (from the engine)
     */
    public Optional<ApprovalToken> issue(ApprovalSubject subject, ApprovalScope scope, ApprovalDecision decision) {
        if (decision == null || decision.verdict() != ApprovalVerdict.APPROVED) {
            return Optional.empty();
        }
        return Optional.of(engine.issue(subject, decision, scope));
    }

    /**
     * The token {@link #issue} signs, after a consuming verify for the same subject: {@link Granted} with the
     * verified token, {@link Declined} when nothing was signed, {@link Unverified} when the token did not verify
     * (it is never handed out).
     *
     * @param subject the subject
     * @param scope the scope the token will carry
     * @param decision the user's decision (a timeout or disconnect is recorded as {@code decline})
     * @return the grant
     * @throws SilasException {@code INVALID_INPUT} for a scope that does not fit the subject (from the engine)
     */
    public Grant grant(ApprovalSubject subject, ApprovalScope scope, ApprovalDecision decision) {
        Optional<ApprovalToken> issued = issue(subject, scope, decision);
        if (issued.isEmpty()) {
            return new Declined(decision == null ? ApprovalVerdict.DECLINED : decision.verdict());
        }
        ApprovalCheck check = engine.verify(issued.get(), subject);
        return check.valid() ? new Granted(check.token()) : new Unverified(issued.get().tokenId(), check.reason());
    }

    /** The outcome of {@link #grant}. */
    public sealed interface Grant permits Granted, Declined, Unverified {
    }

    /**
     * The owner approved and the token verified for the subject.
     *
     * @param token the verified token (one execution consumed)
     */
    public record Granted(ApprovalToken token) implements Grant {
    }

    /**
     * The owner did not approve (or the answer did not count as an approval); nothing was signed.
     *
     * @param verdict the decision's verdict
     */
    public record Declined(ApprovalVerdict verdict) implements Grant {
    }

    /**
     * A token was signed but did not verify for the subject; it is not handed out.
     *
     * @param tokenId the signed token's id (for the audit)
     * @param reason  why the engine denied it
     */
    public record Unverified(String tokenId, ApprovalCheck.Reason reason) implements Grant {
    }
}
