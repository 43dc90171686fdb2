package io.silas.core.approval;

/**
 * An autonomy-threshold proposal as the approval engine sees it (docs/contracts.md#proactivity-and-autonomy);
 * implemented by
 * {@code proactivity.AutonomyThresholdProposal}. Approved only with {@code autonomy_threshold} tokens.
 *
 * <p><b>Security guarantees:</b> {@link #subjectHash()} covers the ordered threshold changes and their evidence, so a
 * token approves exactly the changes the owner saw.
 */
public non-sealed interface AutonomySubject extends ApprovalSubject {
    /** {@return the proposal id (the token's {@code work_item_id})} */
    String proposalId();

    @Override
    default String subjectId() {
        return proposalId();
    }
}
