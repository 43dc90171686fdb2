package io.silas.proactivity;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalCheck;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.Checks;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.proactivity.AppliedChange;
import io.silas.core.proactivity.AutonomyCalibrator;
import io.silas.core.proactivity.AutonomyDirection;
import io.silas.core.proactivity.AutonomyThresholdChange;
import io.silas.core.proactivity.AutonomyThresholdDecision;
import io.silas.core.proactivity.AutonomyThresholdProposal;
import io.silas.core.proactivity.AutonomyThresholds;
import io.silas.core.proactivity.CorrectionOutcome;
import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.vocabulary.RiskLevel;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link AutonomyCalibrator} whose proposals live in the review queue (durable with the SQLite store) and whose
 * evidence, thresholds and weekly counts live in memory: after a restart the thresholds fall back to the
 * baseline (the safe direction) and evidence starts over. One lock serialises all calls, so {@code apply} is
 * atomic.
 */
final class DefaultAutonomyCalibrator implements AutonomyCalibrator {
    private static final int MAX_FAMILY_CHARS = 100;

    private final ReviewQueueStore queue;
    private final ApprovalEngine approvals;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;
    private final CalibrationPolicy policy;
    private final Map<String, ScopeCalibration> scopes = new HashMap<>();

    DefaultAutonomyCalibrator(ReviewQueueStore queue, ApprovalEngine approvals, AuditLog audit, Clock clock,
                              IdGenerator ids, CalibrationPolicy policy) {
        this.queue = queue;
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
        this.ids = ids;
        this.policy = policy;
    }

    @Override
    public synchronized void recordOutcome(String scopeId, String actionFamily, CorrectionOutcome outcome) {
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonBlank(actionFamily, "action_family");
        if (actionFamily.length() > MAX_FAMILY_CHARS) {
            throw SilasException.invalid("action_family", "must be at most " + MAX_FAMILY_CHARS + " characters");
        }
        Checks.nonNull(outcome, "outcome");
        scope(scopeId).record(actionFamily, outcome, clock.instant());
    }

    @Override
    public synchronized List<AutonomyThresholdProposal> evaluate(String scopeId, Instant now) {
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonNull(now, "now");
        ScopeCalibration scope = scope(scopeId);
        if (!queue.pendingAutonomyProposals(scopeId).isEmpty()
                || scope.proposalsInLastWeek(now) >= policy.proposalsPerWeek()) {
            return List.of();
        }
        List<ScopeCalibration.FamilyStats> eligible = scope.stats(now).stream()
                .filter(s -> s.total() >= policy.minSamples()).toList();
        Optional<ScopeCalibration.FamilyStats> worst = eligible.stream()
                .filter(s -> s.rate() >= policy.tightenMin() - CalibrationPolicy.EPSILON)
                .max(Comparator.comparingDouble(ScopeCalibration.FamilyStats::rate));
        if (worst.isPresent()) {
            return propose(scopeId, scope, worst.get(), ThresholdSteps.tighten(scope.thresholds()),
                    AutonomyDirection.TIGHTEN, now);
        }
        double widenLimit = policy.widenLimit(scope.lastChangeTightened());
        Optional<ScopeCalibration.FamilyStats> best = eligible.stream()
                .filter(s -> s.rate() <= widenLimit + CalibrationPolicy.EPSILON)
                .min(Comparator.comparingDouble(ScopeCalibration.FamilyStats::rate)
                        .thenComparing(Comparator.comparingInt(ScopeCalibration.FamilyStats::total).reversed()));
        if (best.isPresent()) {
            return propose(scopeId, scope, best.get(), ThresholdSteps.widen(scope.thresholds(), policy),
                    AutonomyDirection.WIDEN, now);
        }
        return List.of();
    }

    @Override
    public synchronized AppliedChange apply(AutonomyThresholdProposal proposal, AutonomyThresholdDecision decision,
                                            @Nullable ApprovalToken verifiedToken) {
        Checks.nonNull(proposal, "proposal");
        Checks.nonNull(decision, "decision");
        return switch (decision) {
            case APPROVE -> approve(proposal, verifiedToken);
            case DECLINE -> decline(proposal);
            case TIGHTEN_NOW -> tightenNow(proposal);
        };
    }

    @Override
    public synchronized AutonomyThresholds thresholds(String scopeId) {
        Checks.nonBlank(scopeId, "scope_id");
        return scope(scopeId).thresholds();
    }

    private List<AutonomyThresholdProposal> propose(String scopeId, ScopeCalibration scope,
                                                    ScopeCalibration.FamilyStats stats,
                                                    List<AutonomyThresholdChange> changes, AutonomyDirection direction,
                                                    Instant now) {
        if (changes.isEmpty()) {
            return List.of();
        }
        String verb = direction == AutonomyDirection.WIDEN ? "Few" : "Many";
        String rationale = String.format(Locale.ROOT, "%s corrections lately: %d of the last %d %s actions (%.1f%%).",
                verb, stats.corrections(), stats.total(), stats.family(), stats.rate() * 100);
        String evidence = "action_family=" + stats.family() + "; last " + policy.windowActions() + " actions within "
                + policy.window().toDays() + " days";
        AutonomyThresholdProposal proposal = new AutonomyThresholdProposal(ids.next(), scopeId, null, changes,
                stats.total(), stats.rate(), evidence, rationale,
                direction == AutonomyDirection.WIDEN ? RiskLevel.HIGH : RiskLevel.MEDIUM, now);
        queue.addAutonomyProposal(proposal);
        scope.proposed(now);
        AuditData data = AuditData.scope(scopeId);
        data.put("proposal_id", proposal.proposalId());
        data.put("action_family", stats.family());
        data.put("direction", direction.name().toLowerCase(Locale.ROOT));
        data.put("sample_size", stats.total());
        data.put("correction_rate", stats.rate());
        audit.append(EVENT_PROPOSED, data);
        return List.of(proposal);
    }

    private AppliedChange approve(AutonomyThresholdProposal proposal, @Nullable ApprovalToken token) {
        ApprovalCheck check = token == null
                ? ApprovalCheck.denied(ApprovalCheck.Reason.SIGNATURE_INVALID, "no approval token presented")
                : approvals.checkAutonomy(token, proposal);
        if (!check.valid()) {
            audit.append(EVENT_DENIED, AuditData.scope(proposal.scopeId()).put("proposal_id", proposal.proposalId())
                    .reason(check.reason().wire()));
            throw new SilasException(ErrorCode.APPROVAL_DENIED, "autonomy change not approved ("
                    + check.reason().wire() + ") for proposal " + proposal.proposalId());
        }
        requirePending(proposal);
        ScopeCalibration scope = scope(proposal.scopeId());
        AutonomyThresholds before = scope.thresholds();
        AutonomyThresholds after = before;
        for (AutonomyThresholdChange change : proposal.changes()) {
            if (!before.value(change.key()).equals(change.currentValue())) {
                throw SilasException.invalid("changes.current_value", "stale: " + change.key().wire()
                        + " is no longer " + change.currentValue());
            }
            after = after.with(change.key(), change.proposedValue());
            boolean tightens = ThresholdSteps.tightens(change.key(), before, after);
            if (tightens != (change.direction() == AutonomyDirection.TIGHTEN)) {
                throw SilasException.invalid("changes.direction", "does not match the values of "
                        + change.key().wire());
            }
        }
        if (!policy.withinCaps(after)) {
            throw SilasException.invalid("changes.proposed_value", "exceeds a hard autonomy cap");
        }
        return change(proposal, AutonomyThresholdDecision.APPROVE, scope, before, after,
                proposal.changes().get(0).direction());
    }

    private AppliedChange decline(AutonomyThresholdProposal proposal) {
        requirePending(proposal);
        AutonomyThresholds current = scope(proposal.scopeId()).thresholds();
        queue.resolveAutonomyProposal(proposal.scopeId(), proposal.proposalId());
        audit.append(EVENT_DECLINED, AuditData.scope(proposal.scopeId()).put("proposal_id", proposal.proposalId()));
        return new AppliedChange(proposal.proposalId(), proposal.scopeId(), AutonomyThresholdDecision.DECLINE, current,
                current, clock.instant());
    }

    private AppliedChange tightenNow(AutonomyThresholdProposal proposal) {
        ScopeCalibration scope = scope(proposal.scopeId());
        AutonomyThresholds before = scope.thresholds();
        AutonomyThresholds after = ThresholdSteps.tighter(before, policy.baseline());
        for (AutonomyThresholdChange change : proposal.changes()) {
            if (change.direction() == AutonomyDirection.TIGHTEN && Thresholds.keys().contains(change.key())) {
                after = ThresholdSteps.tighter(after, after.with(change.key(), change.proposedValue()));
            }
        }
        return change(proposal, AutonomyThresholdDecision.TIGHTEN_NOW, scope, before, after,
                AutonomyDirection.TIGHTEN);
    }

    private AppliedChange change(AutonomyThresholdProposal proposal, AutonomyThresholdDecision decision,
                                 ScopeCalibration scope, AutonomyThresholds before, AutonomyThresholds after,
                                 AutonomyDirection direction) {
        boolean wasPending = queue.resolveAutonomyProposal(proposal.scopeId(), proposal.proposalId());
        if (!wasPending && decision == AutonomyThresholdDecision.APPROVE) {
            throw SilasException.invalid("proposal_id", "is not pending (already decided): " + proposal.proposalId());
        }
        Instant now = clock.instant();
        scope.changed(after, direction, now);
        AuditData data = AuditData.scope(proposal.scopeId());
        data.put("proposal_id", proposal.proposalId());
        data.put("decision", decision.name().toLowerCase(Locale.ROOT));
        data.put("before", Thresholds.auditView(before));
        data.put("after", Thresholds.auditView(after));
        audit.append(EVENT_CHANGED, data);
        return new AppliedChange(proposal.proposalId(), proposal.scopeId(), decision, before, after, now);
    }

    private void requirePending(AutonomyThresholdProposal proposal) {
        Optional<AutonomyThresholdProposal> queued = queue.pendingAutonomyProposals(proposal.scopeId()).stream()
                .filter(p -> p.proposalId().equals(proposal.proposalId())).findFirst();
        if (queued.isEmpty()) {
            throw SilasException.invalid("proposal_id", "is not pending (already decided): " + proposal.proposalId());
        }
        if (!queued.get().equals(proposal)) {
            throw SilasException.invalid("proposal", "differs from the queued proposal " + proposal.proposalId());
        }
    }

    private ScopeCalibration scope(String scopeId) {
        return scopes.computeIfAbsent(scopeId, s -> new ScopeCalibration(policy));
    }
}
