package io.silas.core.proactivity;

import io.silas.core.approval.ApprovalToken;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Earned autonomy (docs/contracts.md#proactivity-and-autonomy, #batch-review): tracks how often the user corrects Silas
 * per scope and action family and proposes explicit threshold changes — it never changes a threshold on its own.
 *
 * <h2>Evidence</h2>
 * {@link #recordOutcome} stores one outcome per action. The window of a family is its last
 * {@code autonomy.window_actions} (50) outcomes recorded less than {@code autonomy.window_days} (14) days before
 * {@code now} and after the scope's last threshold change. Correction rate = (edit_selection + declined + undo)
 * / total over that window.
 *
 * <h2>Proposals</h2>
 * {@link #evaluate} considers families with at least {@code autonomy.min_samples} (30) outcomes in the window:
 * if any has a rate {@code >= tighten_correction_rate_min} (0.20) it proposes tightening (the worst family wins);
 * otherwise, if one has a rate {@code <= widen_correction_rate_max} (0.05) — lowered by {@code hysteresis_delta}
 * after the scope was last tightened — it proposes widening. Proposed values never pass the hard caps
 * ({@code max_standing_executions} 100, {@code max_batch_review_size} 50, {@code min_high_confidence} 0.70); a
 * widen with nothing left to widen is not proposed. At most one proposal per scope is pending at a time, and at
 * most {@code limits.autonomy_proposals_per_week_per_scope} (3) are generated per scope in any rolling 7 days.
 * Proposals go to the scope's review queue; evaluating changes no threshold.
 *
 * <h2>Applying</h2>
 * {@link #apply} acts on the user's {@link AutonomyThresholdDecision} for a pending proposal:
 * <ul>
 *   <li>{@code approve}: only with an {@code autonomy_threshold} token that was consumed by
 *       {@code ApprovalEngine.verifyAutonomy} for exactly this proposal — the calibrator re-checks it with
 *       {@code checkAutonomy}, so an unverified token, a token for another proposal, or none is refused with
 *       {@code APPROVAL_DENIED} (audited, nothing changes). The proposal must still be pending and equal to the
 *       queued one, its current values must match the thresholds in force, and its proposed values must respect
 *       the caps; then all changes apply at once and the proposal leaves the queue.</li>
 *   <li>{@code decline} (also the card timeout): the proposal leaves the queue; nothing changes.</li>
 *   <li>{@code tighten_now}: always allowed, no token: every knob moves to the tighter of its current value,
 *       its baseline (config) value and — for tightening changes of the proposal — the proposed value. It can
 *       never widen anything.</li>
 * </ul>
 * Every proposal, decision, change and refusal is audited ({@value #EVENT_PROPOSED}, {@value #EVENT_CHANGED},
 * {@value #EVENT_DECLINED}, {@value #EVENT_DENIED}) with ids, keys and values only.
 *
 * <p><b>Security guarantees:</b> thresholds widen only through a signed owner approval bound to the exact
 * proposal hash (ordered changes plus evidence), consumed once; a replayed or foreign token changes nothing.
 * Tightening needs no approval because it only reduces what runs without asking.
 *
 * <p>Implementations are thread-safe; {@code apply} is atomic per calibrator. Null or blank arguments throw
 * {@code INVALID_INPUT} (except the token, see {@link #apply}).
 */
public interface AutonomyCalibrator {
    /** Audit event for a queued proposal. */
    String EVENT_PROPOSED = "autonomy_proposal_generated";
    /** Audit event for a threshold change (approve or tighten_now). */
    String EVENT_CHANGED = "autonomy_thresholds_changed";
    /** Audit event for a declined proposal. */
    String EVENT_DECLINED = "autonomy_proposal_declined";
    /** Audit event for an approve refused for its token. */
    String EVENT_DENIED = "autonomy_apply_denied";

    /**
     * Records one correction outcome for an action family in a scope, at the calibrator clock's time.
     *
     * @param scopeId the scope the call belongs to
     * @param actionFamily the action family
     * @param outcome the outcome
     */
    void recordOutcome(String scopeId, String actionFamily, CorrectionOutcome outcome);

    /**
     * Evaluates the scope's evidence at {@code now} and queues at most one proposal; never changes a threshold.
     *
     * @param scopeId the scope the call belongs to
     * @param now the current time
     * @return the proposals queued by this call (empty or one)
     */
    List<AutonomyThresholdProposal> evaluate(String scopeId, Instant now);

    /**
     * Applies the user's decision on a proposal.
     *
     * @param verifiedToken for {@code approve}: the token returned by {@code ApprovalEngine.verifyAutonomy} for
     *                      this proposal (the consumed copy); ignored for {@code decline} and {@code tighten_now}
     * @param proposal the proposal
     * @param decision the user's decision (a timeout or disconnect is recorded as {@code decline})
     * @return the applied change
     * @throws io.silas.core.error.SilasException {@code APPROVAL_DENIED} when an approve comes without a verified
     *     token for this proposal; {@code INVALID_INPUT} when the proposal is not pending (already decided),
     *     differs from the queued one, is stale, or exceeds a cap. Nothing changes when it throws.
     */
    AppliedChange apply(AutonomyThresholdProposal proposal, AutonomyThresholdDecision decision,
                        @Nullable ApprovalToken verifiedToken);

    /**
     * {@return the thresholds in force for a scope (the configured baseline until a change applies)}
     *
     * @param scopeId the scope the call belongs to
     */
    AutonomyThresholds thresholds(String scopeId);
}
