package io.silas.proactivity;

import io.silas.core.config.SilasConfig;
import io.silas.core.error.SilasException;
import io.silas.core.proactivity.AutonomyThresholds;
import java.time.Duration;

/**
 * The calibrator's numbers: evidence window, decision thresholds, hard caps, weekly proposal limit and the
 * baseline thresholds. Confidence values are handled in hundredths to keep the arithmetic exact.
 */
record CalibrationPolicy(int minSamples, int windowActions, Duration window, double widenMax, double tightenMin,
                         double hysteresisDelta, int maxStandingExecutions, int maxBatchSize,
                         int minHighConfidenceHundredths, int proposalsPerWeek, AutonomyThresholds baseline) {
    /** Absorbs the rounding of {@code corrections / total} at the exact thresholds. */
    static final double EPSILON = 1e-9;

    CalibrationPolicy {
        if (minSamples < 1 || windowActions < 1 || window.isZero() || window.isNegative() || proposalsPerWeek < 0) {
            throw SilasException.invalid("autonomy", "window, min_samples and weekly limit must be positive");
        }
        if (baseline.standingMaxExecutions() > maxStandingExecutions || baseline.batchReviewDefaultSize() > maxBatchSize
                || hundredths(baseline.highConfidenceMin()) < minHighConfidenceHundredths) {
            throw SilasException.invalid("autonomy", "baseline thresholds exceed the hard caps");
        }
    }

    static CalibrationPolicy of(SilasConfig config, AutonomyThresholds baseline) {
        SilasConfig.Autonomy a = config.autonomy();
        return new CalibrationPolicy(a.minSamples(), a.windowActions(), a.window(), a.widenCorrectionRateMax(),
                a.tightenCorrectionRateMin(), a.hysteresisDelta(), a.maxStandingExecutions(), a.maxBatchReviewSize(),
                hundredths(a.minHighConfidence()), config.limits().autonomyProposalsPerWeekPerScope(), baseline);
    }

    /** The widen limit, lowered by the hysteresis after the scope was last tightened. */
    double widenLimit(boolean lastChangeTightened) {
        return lastChangeTightened ? Math.max(0, widenMax - hysteresisDelta) : widenMax;
    }

    /** Whether thresholds respect every hard cap. */
    boolean withinCaps(AutonomyThresholds t) {
        return t.standingMaxExecutions() <= maxStandingExecutions && t.batchReviewDefaultSize() <= maxBatchSize
                && hundredths(t.highConfidenceMin()) >= minHighConfidenceHundredths;
    }

    static int hundredths(double value) {
        return (int) Math.round(value * 100);
    }
}
