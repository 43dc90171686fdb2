package io.silas.core.approval;

/**
 * A reviewed batch as the approval engine sees it (docs/contracts.md#proactivity-and-autonomy); implemented by {@code
 * proactivity.BatchProposal}. Approved only with {@code batch} tokens.
 *
 * <p><b>Security guarantees:</b> {@link #subjectHash()} covers goal, action, ordered item ids and count — never the
 * batch id, which is metadata — so editing the selection needs a fresh approval.
 */
public non-sealed interface BatchSubject extends ApprovalSubject {
    /** {@return the batch id (the token's {@code work_item_id})} */
    String batchId();

    @Override
    default String subjectId() {
        return batchId();
    }
}
