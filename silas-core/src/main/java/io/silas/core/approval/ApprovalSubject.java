package io.silas.core.approval;



/**
 * What an approval token is bound to: a work item's plan, a reviewed batch, or an autonomy-threshold proposal. The
 * token carries {@link #subjectId()} as {@code work_item_id} and {@link #subjectHash()} as {@code plan_hash}; the
 * {@link ApprovalEngine} compares both on every verification.
 *
 * <p>Each kind computes its own hash from its own fields (the work item through {@code PlanHashes}, a batch and a
 * proposal through {@code ProposalHashes}), so this package needs none of the types it approves and depends only on
 * the trust, audit and vocabulary basics below it.
 *
 * <p><b>Security guarantees:</b> the hash covers exactly the fields the owner approves, so a token never carries
 * over to a changed plan, batch or proposal. The kind also decides which token scopes fit: a plan takes
 * {@code full_plan}/{@code standing}-class scopes, a batch only {@code batch}, a proposal only
 * {@code autonomy_threshold}.
 */
public sealed interface ApprovalSubject permits PlanSubject, BatchSubject, AutonomySubject {
    /** {@return the id the token is issued for ({@code work_item_id} on the wire)} */
    String subjectId();

    /**
     * SHA-256 lower-case hex of the subject's approval projection ({@code plan_hash} on the wire).
     *
     * @return the string
     */
    String subjectHash();
}
