package io.silas.proactivity;

import io.silas.core.proactivity.AutonomyDirection;
import io.silas.core.proactivity.AutonomyThresholdChange;
import io.silas.core.proactivity.AutonomyThresholdKey;
import io.silas.core.proactivity.AutonomyThresholds;
import java.util.ArrayList;
import java.util.List;

/**
 * One calibration step per knob. Widening doubles standing executions and batch size and lowers the
 * high-confidence bound by 0.05, each clamped to its hard cap; tightening halves the counts (not below 1) and
 * raises the bound by 0.05 (not above 1.00). Knobs already at their limit are left out of the change list.
 */
final class ThresholdSteps {
    private static final int CONFIDENCE_STEP = 5;

    private ThresholdSteps() {
    }

    static List<AutonomyThresholdChange> widen(AutonomyThresholds t, CalibrationPolicy policy) {
        AutonomyThresholds target = new AutonomyThresholds(
                Math.min(policy.maxStandingExecutions(), t.standingMaxExecutions() * 2),
                Math.min(policy.maxBatchSize(), t.batchReviewDefaultSize() * 2),
                Math.max(policy.minHighConfidenceHundredths(),
                        CalibrationPolicy.hundredths(t.highConfidenceMin()) - CONFIDENCE_STEP) / 100.0);
        return changes(t, target, AutonomyDirection.WIDEN);
    }

    static List<AutonomyThresholdChange> tighten(AutonomyThresholds t) {
        AutonomyThresholds target = new AutonomyThresholds(Math.max(1, t.standingMaxExecutions() / 2),
                Math.max(1, t.batchReviewDefaultSize() / 2),
                Math.min(100, CalibrationPolicy.hundredths(t.highConfidenceMin()) + CONFIDENCE_STEP) / 100.0);
        return changes(t, target, AutonomyDirection.TIGHTEN);
    }

    /** The tighter of two threshold sets, knob by knob. */
    static AutonomyThresholds tighter(AutonomyThresholds a, AutonomyThresholds b) {
        return new AutonomyThresholds(Math.min(a.standingMaxExecutions(), b.standingMaxExecutions()),
                Math.min(a.batchReviewDefaultSize(), b.batchReviewDefaultSize()),
                Math.max(a.highConfidenceMin(), b.highConfidenceMin()));
    }

    /** Whether {@code after} is at least as tight as {@code before} on the key's knob, and differs from it. */
    static boolean tightens(AutonomyThresholdKey key, AutonomyThresholds before, AutonomyThresholds after) {
        return switch (key) {
            case STANDING_MAX_EXECUTIONS -> after.standingMaxExecutions() < before.standingMaxExecutions();
            case BATCH_REVIEW_DEFAULT_SIZE -> after.batchReviewDefaultSize() < before.batchReviewDefaultSize();
            case BATCH_REVIEW_CONFIDENCE_HIGH_MIN -> after.highConfidenceMin() > before.highConfidenceMin();
            default -> false;
        };
    }

    private static List<AutonomyThresholdChange> changes(AutonomyThresholds from, AutonomyThresholds to,
                                                         AutonomyDirection direction) {
        List<AutonomyThresholdChange> changes = new ArrayList<>();
        for (AutonomyThresholdKey key : Thresholds.keys()) {
            String current = from.value(key);
            String proposed = to.value(key);
            if (!current.equals(proposed)) {
                changes.add(new AutonomyThresholdChange(key, current, proposed, direction));
            }
        }
        return changes;
    }
}
