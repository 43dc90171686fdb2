package io.silas.proactivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.audit.AuditLog;
import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.proactivity.AppliedChange;
import io.silas.core.proactivity.AutonomyCalibrator;
import io.silas.core.proactivity.AutonomyDirection;
import io.silas.core.proactivity.AutonomyThresholdChange;
import io.silas.core.proactivity.AutonomyThresholdDecision;
import io.silas.core.proactivity.AutonomyThresholdKey;
import io.silas.core.proactivity.AutonomyThresholdProposal;
import io.silas.core.proactivity.AutonomyThresholds;
import io.silas.core.proactivity.CorrectionOutcome;
import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.RiskLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AutonomyCalibratorTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final String FAMILY = "email.archive";

    private final MutableClock clock = new MutableClock(START);
    private final AuditLog audit = AuditLog.inMemory(clock);
    private final ReviewQueueStore queue = ReviewQueueStore.inMemory();
    private final ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
            .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
    private final AutonomyThresholds baseline = AutonomyThresholds.baseline(SilasConfig.defaults());
    private final AutonomyCalibrator calibrator = Proactivity.calibrator(SilasConfig.defaults(), baseline, queue,
            approvals, audit, clock, IdGenerator.sequential("prop"));

    private void record(String scope, String family, int approved, int corrections) {
        CorrectionOutcome[] kinds = {CorrectionOutcome.EDIT_SELECTION, CorrectionOutcome.DECLINED, CorrectionOutcome.UNDO};
        for (int i = 0; i < corrections; i++) {
            calibrator.recordOutcome(scope, family, kinds[i % 3]);
        }
        for (int i = 0; i < approved; i++) {
            calibrator.recordOutcome(scope, family, CorrectionOutcome.APPROVED);
        }
    }

    private List<AutonomyThresholdProposal> evaluate() {
        return calibrator.evaluate("owner", clock.instant());
    }

    private ApprovalToken verifiedToken(AutonomyThresholdProposal proposal) {
        ApprovalToken issued = approvals.issueAutonomy(proposal, ApprovalDecision.approved());
        return approvals.verifyAutonomy(issued, proposal).orThrow();
    }

    private AutonomyThresholdProposal widenProposal() {
        record("owner", FAMILY, 30, 0);
        return evaluate().get(0);
    }

    @Nested
    class Evaluate {
        @Test
        void evaluate_29Samples_noProposal_30Samples_widen() {
            record("owner", FAMILY, 29, 0);
            assertThat(evaluate()).isEmpty();

            record("owner", FAMILY, 1, 0);
            AutonomyThresholdProposal proposal = evaluate().get(0);

            assertThat(proposal.sampleSize()).isEqualTo(30);
            assertThat(proposal.correctionRate()).isZero();
            assertThat(proposal.riskLevel()).isEqualTo(RiskLevel.HIGH);
            assertThat(proposal.evidenceWindow()).contains("action_family=email.archive");
            assertThat(proposal.changes()).containsExactly(
                    new AutonomyThresholdChange(AutonomyThresholdKey.STANDING_MAX_EXECUTIONS, "10", "20",
                            AutonomyDirection.WIDEN),
                    new AutonomyThresholdChange(AutonomyThresholdKey.BATCH_REVIEW_DEFAULT_SIZE, "10", "20",
                            AutonomyDirection.WIDEN),
                    new AutonomyThresholdChange(AutonomyThresholdKey.BATCH_REVIEW_CONFIDENCE_HIGH_MIN, "0.85", "0.80",
                            AutonomyDirection.WIDEN));
            assertThat(queue.pendingAutonomyProposals("owner")).containsExactly(proposal);
            assertThat(calibrator.thresholds("owner")).isEqualTo(baseline);
            assertThat(audit.findByEvent(AutonomyCalibrator.EVENT_PROPOSED)).singleElement()
                    .satisfies(e -> assertThat(e.data().path("direction").asText()).isEqualTo("widen"));
        }

        @Test
        void evaluate_rateExactly005_widens_above_doesNot() {
            record("owner", FAMILY, 38, 2);
            assertThat(evaluate()).singleElement()
                    .satisfies(p -> assertThat(p.correctionRate()).isEqualTo(0.05));

            record("team", FAMILY, 37, 3);
            assertThat(calibrator.evaluate("team", START)).isEmpty();
        }

        @Test
        void evaluate_rateExactly020_tightens_below_nothing() {
            record("owner", FAMILY, 24, 6);
            AutonomyThresholdProposal proposal = evaluate().get(0);
            assertThat(proposal.correctionRate()).isEqualTo(0.20);
            assertThat(proposal.riskLevel()).isEqualTo(RiskLevel.MEDIUM);
            assertThat(proposal.changes()).extracting(AutonomyThresholdChange::proposedValue)
                    .containsExactly("5", "5", "0.90");
            assertThat(proposal.changes()).extracting(AutonomyThresholdChange::direction)
                    .containsOnly(AutonomyDirection.TIGHTEN);

            record("team", FAMILY, 25, 5);
            assertThat(calibrator.evaluate("team", START)).as("0.167 is between the thresholds").isEmpty();
        }

        @Test
        void evaluate_tightenWinsOverWiden_worstFamily() {
            record("owner", "calendar.accept", 40, 0);
            record("owner", FAMILY, 20, 10);
            AutonomyThresholdProposal proposal = evaluate().get(0);
            assertThat(proposal.evidenceWindow()).contains("action_family=" + FAMILY);
            assertThat(proposal.changes().get(0).direction()).isEqualTo(AutonomyDirection.TIGHTEN);
        }

        @Test
        void evaluate_windowCutByCount_last50Only() {
            record("owner", FAMILY, 0, 20);
            record("owner", FAMILY, 50, 0);
            AutonomyThresholdProposal proposal = evaluate().get(0);
            assertThat(proposal.sampleSize()).isEqualTo(50);
            assertThat(proposal.correctionRate()).isZero();
        }

        @Test
        void evaluate_windowCutAtExactly14Days() {
            record("owner", FAMILY, 30, 0);
            clock.advance(Duration.ofDays(14).minusSeconds(1));
            assertThat(calibrator.evaluate("team", clock.instant())).isEmpty();
            assertThat(calibrator.evaluate("owner", START.plus(Duration.ofDays(14)))).isEmpty();
            assertThat(calibrator.evaluate("owner", START.plus(Duration.ofDays(14)).minusSeconds(1))).hasSize(1);
        }

        @Test
        void evaluate_atMostOnePendingPerScope_scopesIsolated() {
            record("owner", FAMILY, 30, 0);
            record("team", FAMILY, 30, 0);
            assertThat(evaluate()).hasSize(1);
            assertThat(evaluate()).isEmpty();
            assertThat(calibrator.evaluate("team", START)).hasSize(1);
            assertThat(queue.pendingAutonomyProposals("owner")).hasSize(1);
        }

        @Test
        void evaluate_atMostThreeProposalsPerRollingWeek() {
            record("owner", FAMILY, 30, 0);
            for (int i = 0; i < 3; i++) {
                AutonomyThresholdProposal p = evaluate().get(0);
                calibrator.apply(p, AutonomyThresholdDecision.DECLINE, null);
                clock.advance(Duration.ofDays(1));
            }
            assertThat(evaluate()).isEmpty();
            clock.set(START.plus(Duration.ofDays(7)).minusSeconds(1));
            assertThat(evaluate()).isEmpty();
            clock.set(START.plus(Duration.ofDays(7)));
            assertThat(evaluate()).hasSize(1);
            assertThat(audit.findByEvent(AutonomyCalibrator.EVENT_DECLINED)).hasSize(3);
            assertThat(calibrator.thresholds("owner")).isEqualTo(baseline);
        }

        @Test
        void evaluate_caps_neverProposedBeyondAndNothingLeftToWiden() {
            AutonomyThresholds atCaps = new AutonomyThresholds(80, 40, 0.72);
            AutonomyCalibrator capped = Proactivity.calibrator(SilasConfig.defaults(), atCaps, queue, approvals, audit,
                    clock, IdGenerator.sequential("cap"));
            for (int i = 0; i < 30; i++) {
                capped.recordOutcome("owner", FAMILY, CorrectionOutcome.APPROVED);
            }
            AutonomyThresholdProposal proposal = capped.evaluate("owner", START).get(0);
            assertThat(proposal.changes()).extracting(AutonomyThresholdChange::proposedValue)
                    .containsExactly("100", "50", "0.70");
            capped.apply(proposal, AutonomyThresholdDecision.APPROVE, verifiedToken(proposal));
            assertThat(capped.thresholds("owner")).isEqualTo(new AutonomyThresholds(100, 50, 0.70));

            clock.advance(Duration.ofMinutes(1));
            for (int i = 0; i < 30; i++) {
                capped.recordOutcome("owner", FAMILY, CorrectionOutcome.APPROVED);
            }
            assertThat(capped.evaluate("owner", clock.instant())).as("everything at its cap").isEmpty();
        }

        @Test
        void recordOutcome_badArguments_invalidInput() {
            for (ThrowingCallable call : List.<ThrowingCallable>of(
                    () -> calibrator.recordOutcome(" ", FAMILY, CorrectionOutcome.APPROVED),
                    () -> calibrator.recordOutcome("owner", "", CorrectionOutcome.APPROVED),
                    () -> calibrator.recordOutcome("owner", "f".repeat(101), CorrectionOutcome.APPROVED),
                    () -> calibrator.recordOutcome("owner", FAMILY, null))) {
                assertThatThrownBy(call).isInstanceOf(SilasException.class)
                        .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
            }
        }

        @Test
        void calibrator_baselineBeyondCaps_rejected() {
            assertThatThrownBy(() -> Proactivity.calibrator(SilasConfig.defaults(), new AutonomyThresholds(101, 10, 0.85),
                    queue, approvals, audit, clock, IdGenerator.random()))
                    .isInstanceOf(SilasException.class);
        }
    }

    @Nested
    class Apply {
        @Test
        void apply_verifiedToken_changesAllThresholdsAtOnceAndAudits() {
            AutonomyThresholdProposal proposal = widenProposal();
            AppliedChange applied = calibrator.apply(proposal, AutonomyThresholdDecision.APPROVE,
                    verifiedToken(proposal));

            assertThat(applied.changed()).isTrue();
            assertThat(applied.before()).isEqualTo(baseline);
            assertThat(applied.after()).isEqualTo(new AutonomyThresholds(20, 20, 0.80));
            assertThat(calibrator.thresholds("owner")).isEqualTo(applied.after());
            assertThat(calibrator.thresholds("team")).isEqualTo(baseline);
            assertThat(queue.pendingAutonomyProposals("owner")).isEmpty();
            assertThat(audit.findByEvent(AutonomyCalibrator.EVENT_CHANGED)).singleElement().satisfies(e -> {
                assertThat(e.data().path("decision").asText()).isEqualTo("approve");
                assertThat(e.data().path("after").path("batch_review.default_size").asText()).isEqualTo("20");
            });
        }

        @Test
        void apply_noToken_deniedAuditedUnchanged() {
            AutonomyThresholdProposal proposal = widenProposal();
            assertDenied(() -> calibrator.apply(proposal, AutonomyThresholdDecision.APPROVE, null), proposal);
        }

        @Test
        void apply_issuedButNotVerifiedToken_denied() {
            AutonomyThresholdProposal proposal = widenProposal();
            ApprovalToken unverified = approvals.issueAutonomy(proposal, ApprovalDecision.approved());
            assertDenied(() -> calibrator.apply(proposal, AutonomyThresholdDecision.APPROVE, unverified), proposal);
        }

        @Test
        void apply_tokenForDifferentProposal_denied() {
            AutonomyThresholdProposal proposal = widenProposal();
            AutonomyThresholdProposal other = new AutonomyThresholdProposal("prop-x", "owner", null,
                    List.of(new AutonomyThresholdChange(AutonomyThresholdKey.BATCH_REVIEW_DEFAULT_SIZE, "10", "50",
                            AutonomyDirection.WIDEN)), 30, 0, proposal.evidenceWindow(), "", RiskLevel.HIGH, START);
            ApprovalToken foreign = verifiedToken(other);
            assertDenied(() -> calibrator.apply(proposal, AutonomyThresholdDecision.APPROVE, foreign), proposal);
        }

        @Test
        void apply_tokenForProposalWithEditedChanges_denied() {
            AutonomyThresholdProposal proposal = widenProposal();
            ApprovalToken token = verifiedToken(proposal);
            AutonomyThresholdProposal edited = new AutonomyThresholdProposal(proposal.proposalId(), "owner", null,
                    List.of(new AutonomyThresholdChange(AutonomyThresholdKey.STANDING_MAX_EXECUTIONS, "10", "100",
                            AutonomyDirection.WIDEN)), proposal.sampleSize(), proposal.correctionRate(),
                    proposal.evidenceWindow(), proposal.rationale(), proposal.riskLevel(), proposal.createdAt());
            assertDenied(() -> calibrator.apply(edited, AutonomyThresholdDecision.APPROVE, token), proposal);
        }

        @Test
        void apply_declinedVerdictToken_denied() {
            AutonomyThresholdProposal proposal = widenProposal();
            ApprovalToken declined = approvals.issueAutonomy(proposal, ApprovalDecision.declined());
            assertDenied(() -> calibrator.apply(proposal, AutonomyThresholdDecision.APPROVE, declined), proposal);
        }

        @Test
        void apply_sameVerifiedTokenTwice_secondRefusedUnchanged() {
            AutonomyThresholdProposal proposal = widenProposal();
            ApprovalToken token = verifiedToken(proposal);
            calibrator.apply(proposal, AutonomyThresholdDecision.APPROVE, token);
            AutonomyThresholds after = calibrator.thresholds("owner");

            assertThatThrownBy(() -> calibrator.apply(proposal, AutonomyThresholdDecision.APPROVE, token))
                    .isInstanceOf(SilasException.class)
                    .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
            assertThat(calibrator.thresholds("owner")).isEqualTo(after);
            assertThat(audit.findByEvent(AutonomyCalibrator.EVENT_CHANGED)).hasSize(1);
        }

        @Test
        void apply_staleProposal_refusedUnchanged() {
            AutonomyThresholdProposal proposal = widenProposal();
            ApprovalToken token = verifiedToken(proposal);
            AutonomyThresholdProposal copy = proposal;
            calibrator.apply(new AutonomyThresholdProposal("elsewhere", "owner", null, proposal.changes(), 1, 0, "w", "",
                    RiskLevel.HIGH, START), AutonomyThresholdDecision.TIGHTEN_NOW, null);
            assertThat(calibrator.thresholds("owner")).isEqualTo(baseline);

            // the tighten_now above did not touch the pending proposal; make the thresholds move under it
            AutonomyThresholdProposal tighten = new AutonomyThresholdProposal("t", "owner", null,
                    List.of(new AutonomyThresholdChange(AutonomyThresholdKey.BATCH_REVIEW_DEFAULT_SIZE, "10", "4",
                            AutonomyDirection.TIGHTEN)), 1, 0.5, "w", "", RiskLevel.MEDIUM, START);
            calibrator.apply(tighten, AutonomyThresholdDecision.TIGHTEN_NOW, null);
            assertThat(calibrator.thresholds("owner").batchReviewDefaultSize()).isEqualTo(4);

            assertThatThrownBy(() -> calibrator.apply(copy, AutonomyThresholdDecision.APPROVE, token))
                    .isInstanceOf(SilasException.class).hasMessageContaining("stale");
            assertThat(calibrator.thresholds("owner").batchReviewDefaultSize()).isEqualTo(4);
            assertThat(queue.pendingAutonomyProposals("owner")).containsExactly(proposal);
        }

        @Test
        void apply_tightenNow_noTokenAlwaysAllowed_neverWidens() {
            AutonomyThresholdProposal proposal = widenProposal();
            calibrator.apply(proposal, AutonomyThresholdDecision.APPROVE, verifiedToken(proposal));
            clock.advance(Duration.ofMinutes(5));
            record("owner", FAMILY, 30, 0);
            AutonomyThresholdProposal second = evaluate().get(0);

            AppliedChange rollback = calibrator.apply(second, AutonomyThresholdDecision.TIGHTEN_NOW, null);

            assertThat(rollback.before()).isEqualTo(new AutonomyThresholds(20, 20, 0.80));
            assertThat(rollback.after()).isEqualTo(baseline);
            assertThat(calibrator.thresholds("owner")).isEqualTo(baseline);
            assertThat(queue.pendingAutonomyProposals("owner")).isEmpty();
            assertThat(audit.findByEvent(AutonomyCalibrator.EVENT_CHANGED)).last()
                    .satisfies(e -> assertThat(e.data().path("decision").asText()).isEqualTo("tighten_now"));

            AppliedChange again = calibrator.apply(second, AutonomyThresholdDecision.TIGHTEN_NOW, null);
            assertThat(again.after()).isEqualTo(baseline);
        }

        @Test
        void apply_tightenNowOnTightenProposal_appliesTheTightening() {
            record("owner", FAMILY, 20, 10);
            AutonomyThresholdProposal proposal = evaluate().get(0);
            AppliedChange applied = calibrator.apply(proposal, AutonomyThresholdDecision.TIGHTEN_NOW, null);
            assertThat(applied.after()).isEqualTo(new AutonomyThresholds(5, 5, 0.90));
        }

        @Test
        void apply_approvedTighten_thenWidenNeedsHysteresis() {
            record("owner", FAMILY, 20, 10);
            AutonomyThresholdProposal tighten = evaluate().get(0);
            calibrator.apply(tighten, AutonomyThresholdDecision.APPROVE, verifiedToken(tighten));
            assertThat(calibrator.thresholds("owner")).isEqualTo(new AutonomyThresholds(5, 5, 0.90));

            clock.advance(Duration.ofMinutes(1));
            record("owner", FAMILY, 38, 2);
            assertThat(evaluate()).as("0.05 no longer widens after a tighten (hysteresis 0.05)").isEmpty();

            clock.advance(Duration.ofMinutes(1));
            record("owner", FAMILY, 40, 0);
            assertThat(evaluate()).singleElement()
                    .satisfies(p -> assertThat(p.changes().get(0).direction()).isEqualTo(AutonomyDirection.WIDEN));
        }

        @Test
        void apply_evidenceBeforeChange_noLongerCounts() {
            AutonomyThresholdProposal proposal = widenProposal();
            calibrator.apply(proposal, AutonomyThresholdDecision.APPROVE, verifiedToken(proposal));
            clock.advance(Duration.ofMinutes(1));
            assertThat(evaluate()).isEmpty();
            record("owner", FAMILY, 29, 0);
            assertThat(evaluate()).isEmpty();
        }

        @Test
        void apply_decline_resolvesWithoutChange() {
            AutonomyThresholdProposal proposal = widenProposal();
            AppliedChange declined = calibrator.apply(proposal, AutonomyThresholdDecision.DECLINE, null);
            assertThat(declined.changed()).isFalse();
            assertThat(queue.pendingAutonomyProposals("owner")).isEmpty();
            assertThatThrownBy(() -> calibrator.apply(proposal, AutonomyThresholdDecision.APPROVE,
                    verifiedToken(proposal))).isInstanceOf(SilasException.class);
            assertThat(calibrator.thresholds("owner")).isEqualTo(baseline);
        }

        @Test
        void apply_racingApprovesWithOneVerifiedToken_exactlyOneApplies() throws Exception {
            AutonomyThresholdProposal proposal = widenProposal();
            ApprovalToken token = verifiedToken(proposal);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    results.add(pool.submit(() -> {
                        try {
                            calibrator.apply(proposal, AutonomyThresholdDecision.APPROVE, token);
                            return true;
                        } catch (SilasException e) {
                            return false;
                        }
                    }));
                }
                int applied = 0;
                for (java.util.concurrent.Future<Boolean> r : results) {
                    applied += r.get() ? 1 : 0;
                }
                assertThat(applied).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(audit.findByEvent(AutonomyCalibrator.EVENT_CHANGED)).hasSize(1);
            assertThat(calibrator.thresholds("owner")).isEqualTo(new AutonomyThresholds(20, 20, 0.80));
        }

        private void assertDenied(ThrowingCallable call,
                                  AutonomyThresholdProposal pending) {
            assertThatThrownBy(call).isInstanceOf(SilasException.class)
                    .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.APPROVAL_DENIED));
            assertThat(calibrator.thresholds("owner")).isEqualTo(baseline);
            assertThat(queue.pendingAutonomyProposals("owner")).containsExactly(pending);
            assertThat(audit.findByEvent(AutonomyCalibrator.EVENT_DENIED)).singleElement()
                    .satisfies(e -> assertThat(e.data().path("proposal_id").asText()).isEqualTo(pending.proposalId()));
            assertThat(audit.findByEvent(AutonomyCalibrator.EVENT_CHANGED)).isEmpty();
        }
    }
}
