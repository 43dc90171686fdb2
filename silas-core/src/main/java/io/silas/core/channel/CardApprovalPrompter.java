package io.silas.core.channel;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalVerdict;
import io.silas.core.error.SilasException;
import io.silas.core.work.ApprovalPrompter;
import io.silas.core.work.ApprovalRequest;
import io.silas.core.work.WorkItem;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link ApprovalPrompter} the Stream gives the work executor: a mid-execution approval (a paused tool call, a
 * spawned task the standing token does not cover) becomes a {@link PlanApprovalCard} ({@link PlanApprovalCard#forPlan})
 * sent to the owner's primary connection, showing the exact item (title, plan hash, what it runs, derived risk), the
 * reason and whom it is for; the call waits on the
 * work thread, never on a turn thread, at most the request's timeout.
 *
 * <p><b>Security guarantees:</b> the card goes to the owner only; only an owner-authenticated {@code approve}
 * ({@link CardAnswer#ownerAuthenticated()}) is {@link ApprovalDecision#approved()}; a decline, an unauthenticated
 * or invalid answer, a timeout or any failure is {@link ApprovalDecision#declined()}. The decision authorises
 * nothing by itself: the executor still issues and verifies a token bound to exactly the requested item through
 * {@link OwnerApprovals#grant}. Thread-safe.
 */
public final class CardApprovalPrompter implements ApprovalPrompter {
    private final CardPrompter cards;
    private final String recipient;
    private final CardOrigin origin;
    private final IdGenerator ids;

    private CardApprovalPrompter(CardPrompter cards, String recipient, CardOrigin origin, IdGenerator ids) {
        this.cards = cards;
        this.recipient = recipient;
        this.origin = origin;
        this.ids = ids;
    }

    /**
     * {@return a prompter asking {@code owner.primary()} on {@code cards}, each card showing {@code origin}}
     *
     * @param cards the cards
     * @param owner the owner's connections (the same as {@code Stream.builder().ownerConnections(..)})
     * @param origin the scope the suggestion is for, shown to the owner
     * @param ids the Stream's id source
     */
    public static CardApprovalPrompter toOwner(CardPrompter cards, OwnerChannel owner, CardOrigin origin,
                                               IdGenerator ids) {
        if (cards == null || owner == null || origin == null || ids == null) {
            throw SilasException.invalid("card_approval_prompter", "cards, owner, origin and ids are required");
        }
        return new CardApprovalPrompter(cards, owner.primary(), origin, ids);
    }

    @Override
    public ApprovalDecision requestApproval(ApprovalRequest request, Duration timeout) {
        WorkItem item = request.item();
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        PlanApprovalCard shape = PlanApprovalCard.forPlan(ids.next(), item,
                request.reason().isBlank() ? "Running work needs a fresh approval." : request.reason());
        PlanApprovalCard card = new PlanApprovalCard(shape.cardId(), shape.workItemId(), shape.planHash(),
                "Approve during execution: " + shape.intent(), shape.riskLevel(), shape.rationale(), shape.actions(),
                null, shape.details(), seconds, shape.contents(), origin);
        CompletableFuture<CardAnswer> answer = cards.prompt(recipient, card);
        try {
            CardAnswer got = answer.get(seconds + 1L, TimeUnit.SECONDS);
            return OwnerApprovals.decision(got, a -> PlanApprovalCard.verdict(a) == ApprovalVerdict.APPROVED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApprovalDecision.declined();
        } catch (ExecutionException | TimeoutException e) {
            return ApprovalDecision.declined();
        }
    }
}
