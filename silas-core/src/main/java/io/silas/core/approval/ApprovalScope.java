package io.silas.core.approval;

import io.silas.core.work.PlanHashes;

/**
 * What an approval token authorises (docs/contracts.md#keys-approvals-and-nonces). Every scope is signed into the
 * token.
 *
 * <p><b>Security guarantees:</b> {@code standing} never means unchecked: each use is verified (signature,
 * parent-goal plan hash, spawn-policy hash, expiry, fresh execution nonce). {@code batch} tokens bind the
 * batch hash ({@code ProposalHashes.batchHash}) and {@code autonomy_threshold} tokens the proposal hash
 * ({@code ProposalHashes.autonomyProposalHash}) in place of a plan hash.
 */
public enum ApprovalScope {
    /** The entire plan. */
    FULL_PLAN,
    /** One specific step. */
    SINGLE_STEP,
    /** A range of steps. */
    STEP_RANGE,
    /** Use of a tool category. */
    TOOL_TYPE,
    /** Installing a skill. */
    SKILL_INSTALL,
    /** Access to a credential. */
    CREDENTIAL_USE,
    /** A budget allocation. */
    BUDGET,
    /** Updates to the runtime, code or configuration; always high risk. */
    SELF_UPDATE,
    /** State-changing actions on a connected service. */
    CONNECTION_ACT,
    /** Connection lifecycle or configuration changes (for example a permission escalation). */
    CONNECTION_MANAGE,
    /** Widening or tightening autonomy thresholds; binds an autonomy proposal hash. */
    AUTONOMY_THRESHOLD,
    /** Execution of one reviewed batch; binds a batch hash. */
    BATCH,
    /** Pre-approval of a recurring goal's spawned tasks; requires {@code conditions.spawn_policy_hash}. */
    STANDING
}
