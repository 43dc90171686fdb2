package io.silas.core.approval;

import org.jspecify.annotations.Nullable;

/**
 * Mints, signs and verifies approval tokens (docs/contracts.md#keys-approvals-and-nonces). Channels only collect an
 * {@link ApprovalDecision}; this engine is the one component that uses the owner's private key. It works over a
 * sealed {@link ApprovalSubject} — a {@link PlanSubject} (work item), {@link BatchSubject} or {@link AutonomySubject}
 * — each of which computes its own subject hash, so the engine depends on nothing above trust and audit.
 *
 * <h2>Issuing</h2>
 * {@link #issue} binds the plan hash of the work item ({@link PlanSubject#subjectHash}, {@code PlanHashes.planHash}),
 * a fresh random 128-bit token nonce, strength {@code tap}, {@code issued_at = now} and {@code expires_at = now +
 * ttl} (config {@code approval.default_ttl_minutes}, default 30 min), {@code max_executions} from config (1) — or,
 * for {@code standing}, the standing TTL and execution count of the builder — and signs {@code
 * CanonicalJson.bytes(token.signedPayload())}. A {@code standing} token is issued only for a goal and always carries
 * {@code conditions.spawn_policy_hash = goal.spawnPolicyHash()}; a decision that supplies a different value is
 * rejected. A declined (or otherwise non-approved) decision yields a signed token with that verdict, which never
 * verifies. {@link #issueBatch} and {@link #issueAutonomy} use the same path with the batch's or proposal's {@link
 * ApprovalSubject#subjectHash} ({@code ProposalHashes}) as the plan hash and the batch or proposal id as {@code
 * work_item_id}.
 *
 * <h2>Verifying (consuming)</h2>
 * In this order, the first failure deciding the {@link ApprovalCheck.Reason}:
 * <ol>
 *   <li>Ed25519 signature over the ten signed fields, under this engine's public key;</li>
 *   <li>verdict {@code approved};</li>
 *   <li>scope fits the call (work-item scopes for {@link #verify}, {@code batch} for {@link #verifyBatch},
 *       {@code autonomy_threshold} for {@link #verifyAutonomy}; a spawned task only with {@code standing});</li>
 *   <li>binding: {@code work_item_id} and plan hash of the item — for {@code standing}, of the parent goal,
 *       then {@code spawned.parent == token.work_item_id}, the spawned item is a task, and
 *       {@code spawned.spawnPolicyHash()} equals the bound {@code spawn_policy_hash} — so a spawned
 *       task must carry the goal's raw {@code failure_context} template, its skills, gates, verify checks,
 *       {@code on_failure} and the escalation entries these name (the substituted failure text goes in the
 *       task's body, which the standing approval does not bind);</li>
 *   <li>{@code issued_at <= now < expires_at};</li>
 *   <li>{@code executions_used < max_executions};</li>
 *   <li>replay protection in nonce domain {@code exec} (below);</li>
 * </ol>
 * and returns the consumed copy, which the caller persists (for example on the work item). When it is the only
 * verification in progress and its nonce store waits on storage, the default engine starts step 7 as soon as steps
 * 2–6 passed and has the signature checked meanwhile (the record's commit waits on the disk, the check on the CPU);
 * the result is decided only when both are done, in the order above, so a forged token is still denied
 * {@code signature_invalid}, whatever the nonce store did.
 *
 * <p><b>Replay protection.</b> A token is a value the caller stores, so an old copy can be presented again.
 * Each execution therefore claims a numbered slot: the copy with {@code executions_used = n} may only consume
 * execution {@code n + 1}, recorded atomically in domain {@code exec} under
 * {@code slot:{token nonce}:{n+1}:{signature, base64url}}. The slot key uses the <em>signed</em> token nonce (not the
 * unsigned {@code token_id}), so no edit of a stored token opens new slots: whatever copies exist and however many
 * threads race, a token is consumed at most {@code max_executions} times. It also carries the signature: a token has
 * exactly one valid signature (Ed25519 as Tink checks it refuses the malleated {@code S + L} form), so a copy with a
 * forged signature — whose claim may be recorded before its signature is found invalid — only claims a slot no genuine
 * token uses and cannot use up a genuine token's executions. A slot recorded by earlier releases under {@code
 * slot:{token nonce}:{n+1}} still counts as claimed. After the slot, a fresh random execution nonce is checked and
 * recorded atomically under {@code {token_id}:{plan_or_spawned_hash}:{execution nonce}}
 * (docs/contracts.md#keys-approvals-and-nonces; one atomic record-if-absent instead of a separate "is used" read) and
 * appended to the copy. If that record finds the nonce already used, the slot stays used (fail closed). The slot is
 * claimed first so that a verification that loses a race leaves no execution record behind.
 *
 * <h2>Checking (non-consuming)</h2>
 * {@link #check} repeats steps 1–5 (for {@code standing}, {@code item} is the spawned task: its parent and
 * spawn policy are checked; the goal's plan hash was checked by {@code verify}), requires
 * {@code 1 <= executions_used <= max_executions}, and requires that one of the token's execution nonces is
 * recorded in the nonce store under this item's binding — proof that {@code verify} consumed this token for
 * this exact item. It records nothing.
 *
 * <p><b>Audit.</b> Every issue ({@value #EVENT_ISSUED}), success ({@value #EVENT_VERIFIED}) and denial
 * ({@value #EVENT_DENIED}) is appended to the audit log with token id, work item id, scope, subject (the item,
 * spawned task, batch or proposal presented) and reason — never signatures, keys or nonces. A failing audit
 * append propagates (the caller then has no consumed token).
 *
 * <p><b>Security guarantees:</b> nothing but a token signed by this engine's key, for exactly this plan
 * (or spawn policy, batch, proposal), unexpired, with an unclaimed execution slot, verifies; model output,
 * message text and channel input can only choose between {@link ApprovalDecision}s and cannot forge,
 * widen, extend or replay a token. A nonce-store failure denies. Nonce records must outlive the longest token
 * TTL ({@link ApprovalEngineBuilder#nonceRetention}); the builder refuses a retention that does not cover it. Implementations
 * are thread-safe. Null arguments (other than {@code spawnedTask}) throw {@code INVALID_INPUT}.
 */
public interface ApprovalEngine {
    /** Audit event for a minted token. */
    String EVENT_ISSUED = "approval_issued";
    /** Audit event for a successful verify or check. */
    String EVENT_VERIFIED = "approval_verified";
    /** Audit event for a denied verify or check. */
    String EVENT_DENIED = "approval_denied";

    /**
     * Mints and signs a token for a subject ({@code executions_used = 0}): a work item with a work-item scope, a
     * batch with {@code batch}, an autonomy proposal with {@code autonomy_threshold}.
     *
     * @param subject the subject
     * @param decision the user's decision (a timeout or disconnect is recorded as {@code decline})
     * @param scope the scope the token will carry
     * @return the approval token
     * @throws io.silas.core.error.SilasException {@code INVALID_INPUT} for a scope that does not fit the subject, for
     *     {@code standing} on anything but a goal, or when the decision's conditions carry a different
     *     {@code spawn_policy_hash}
     */
    ApprovalToken issue(ApprovalSubject subject, ApprovalDecision decision, ApprovalScope scope);

    /**
     * Mints and signs a {@code batch} token bound to the batch's subject hash and id.
     *
     * @param batch the batch exactly as it was queued
     * @param decision the user's decision (a timeout or disconnect is recorded as {@code decline})
     * @return the approval token
     */
    default ApprovalToken issueBatch(BatchSubject batch, ApprovalDecision decision) {
        return issue(batch, decision, ApprovalScope.BATCH);
    }

    /**
     * Mints and signs an {@code autonomy_threshold} token bound to the proposal's subject hash and id.
     *
     * @param proposal the proposal
     * @param decision the user's decision (a timeout or disconnect is recorded as {@code decline})
     * @return the approval token
     */
    default ApprovalToken issueAutonomy(AutonomySubject proposal, ApprovalDecision decision) {
        return issue(proposal, decision, ApprovalScope.AUTONOMY_THRESHOLD);
    }

    /**
     * Consuming verification for exactly this subject: a work item (not a task spawned under a standing token, see
     * {@link #verify(ApprovalToken, PlanSubject, PlanSubject)}), a batch or an autonomy proposal.
     *
     * @param token the token
     * @param subject the subject
     * @return the approval check
     */
    ApprovalCheck verify(ApprovalToken token, ApprovalSubject subject);

    /**
     * Consuming verification for a work item. For a {@code standing} token {@code item} is the goal and
     * {@code spawnedTask} the task to authorise; otherwise {@code spawnedTask} must be null.
     *
     * @param token the token
     * @param item the work item
     * @param spawnedTask the spawned task
     * @return the approval check
     */
    ApprovalCheck verify(ApprovalToken token, PlanSubject item, @Nullable PlanSubject spawnedTask);

    /**
     * Consuming verification of a {@code batch} token for exactly this batch.
     *
     * @param token the token
     * @param batch the batch exactly as it was queued
     * @return the approval check
     */
    default ApprovalCheck verifyBatch(ApprovalToken token, BatchSubject batch) {
        return verify(token, batch);
    }

    /**
     * Consuming verification of an {@code autonomy_threshold} token for exactly this proposal.
     *
     * @param token the token
     * @param proposal the proposal
     * @return the approval check
     */
    default ApprovalCheck verifyAutonomy(ApprovalToken token, AutonomySubject proposal) {
        return verify(token, proposal);
    }

    /**
     * Non-consuming validation of an already verified token. For a work item: at execution entry; for a
     * {@code standing} token {@code subject} is the spawned task, otherwise the approved item itself.
     *
     * @param token the token
     * @param subject the subject
     * @return the approval check
     */
    ApprovalCheck check(ApprovalToken token, ApprovalSubject subject);

    /**
     * Execution entry, the check every run of a work item passes before anything of it runs (task, project, goal
     * cycle, resume): the signature, verdict {@code approved}, a scope that runs work ({@code full_plan} or
     * {@code standing}), the binding to exactly this item (for {@code standing} and a task: the spawned-task
     * binding as in {@link #check}), {@code issued_at <= now < expires_at}. For a task or project, the token must
     * have been consumed by {@link #verify} for this item, and one of those verified executions is claimed for this
     * run in nonce domain {@code run} (durable with a durable nonce store); when every verified execution already
     * started a run it is denied {@code already_run}. So a token with {@code max_executions = n} starts at most
     * {@code n} runs, whatever copies are presented. A goal cycle (which only runs the goal's checks; each spawned
     * task is verified and entered on its own) claims nothing; with {@code full_plan} it must have been verified,
     * with {@code standing} the token itself is the approval. Resuming an interrupted run continues the claimed run
     * and uses {@link #check} instead.
     *
     * @param token the token
     * @param item the work item
     * @return the approval check
     */
    ApprovalCheck enter(ApprovalToken token, PlanSubject item);

    /**
     * Non-consuming validation of an already verified {@code batch} token.
     *
     * @param token the token
     * @param batch the batch exactly as it was queued
     * @return the approval check
     */
    default ApprovalCheck checkBatch(ApprovalToken token, BatchSubject batch) {
        return check(token, batch);
    }

    /**
     * Non-consuming validation of an already verified {@code autonomy_threshold} token.
     *
     * @param token the token
     * @param proposal the proposal
     * @return the approval check
     */
    default ApprovalCheck checkAutonomy(ApprovalToken token, AutonomySubject proposal) {
        return check(token, proposal);
    }

    /**
     * A builder for the default engine; signing keys, nonce store, clock and audit log are required.
     *
     * <pre>{@code
     * ApprovalEngine approvals = ApprovalEngine.builder()
     *     .signingKeys(SigningKeys.loadOrCreate(secrets, "owner-signing-key"))
     *     .nonceStore(stores.nonceStore()).audit(stores.auditLog()).clock(clock)
     *     .config(config.approval())
     *     .build();
     * }</pre>
     *
     * @return the approval engine builder
     */
    static ApprovalEngineBuilder builder() {
        return new ApprovalEngineBuilder();
    }
}
