package io.silas.core.proactivity;

import io.silas.core.config.SilasConfig;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import java.util.Locale;

/**
 * The autonomy thresholds currently in force for one scope (docs/contracts.md#proactivity-and-autonomy, #batch-review):
 * how many executions a standing approval may authorise, how many items a reviewed batch holds, and the confidence at
 * or above which a batch item counts as high-confidence. Widening autonomy means more standing executions, bigger
 * batches and a lower high-confidence bound; tightening is the opposite.
 *
 * <p>Values are exchanged with {@link AutonomyThresholdChange} as canonical strings ({@link #value}): integers in
 * decimal, the confidence with exactly two decimals ({@code "0.85"}). Only the three numeric knobs are
 * calibrated; {@code standing.scope} and {@code standing.expires_at} are not held here and
 * {@link #value}/{@link #with} reject them with {@code INVALID_INPUT}.
 *
 * @param standingMaxExecutions  {@code standing.max_executions}, at least 1
 * @param batchReviewDefaultSize {@code batch_review.default_size}, at least 1
 * @param highConfidenceMin      {@code batch_review.confidence.high_min}, within [0, 1], two decimals
 */
public record AutonomyThresholds(int standingMaxExecutions, int batchReviewDefaultSize, double highConfidenceMin) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param standingMaxExecutions  {
     * @param batchReviewDefaultSize {
     * @param highConfidenceMin      {
     */
    public AutonomyThresholds {
        if (standingMaxExecutions < 1) {
            throw SilasException.invalid("standing.max_executions", "must be >= 1");
        }
        if (batchReviewDefaultSize < 1) {
            throw SilasException.invalid("batch_review.default_size", "must be >= 1");
        }
        Checks.unitInterval(highConfidenceMin, "batch_review.confidence.high_min");
        highConfidenceMin = Math.round(highConfidenceMin * 100) / 100.0;
    }

    /**
     * {@return the baseline of a configuration: {@code batch_review.default_size}, {@code batch_review.confidence.high_min}
     * and the approval engine's default standing execution count}
     *
     * @param config the configuration
     */
    public static AutonomyThresholds baseline(SilasConfig config) {
        Checks.nonNull(config, "config");
        return new AutonomyThresholds(SilasConfig.Approval.DEFAULT_STANDING_MAX_EXECUTIONS,
                config.batchReview().defaultSize(), config.batchReview().confidence().highMin());
    }

    /**
     * {@return the canonical string of one knob}
     *
     * @param key the key
     */
    public String value(AutonomyThresholdKey key) {
        return switch (Checks.nonNull(key, "key")) {
            case STANDING_MAX_EXECUTIONS -> Integer.toString(standingMaxExecutions);
            case BATCH_REVIEW_DEFAULT_SIZE -> Integer.toString(batchReviewDefaultSize);
            case BATCH_REVIEW_CONFIDENCE_HIGH_MIN -> confidence(highConfidenceMin);
            default -> throw unsupported(key);
        };
    }

    /**
     * A copy with one knob set from its canonical string.
     *
     * @param key the key
     * @param value the new value
     * @return the autonomy thresholds
     * @throws SilasException {@code INVALID_INPUT} for an unsupported key or a value that does not parse
     */
    public AutonomyThresholds with(AutonomyThresholdKey key, String value) {
        Checks.nonBlank(value, "changes.proposed_value");
        try {
            return switch (Checks.nonNull(key, "key")) {
                case STANDING_MAX_EXECUTIONS -> new AutonomyThresholds(Integer.parseInt(value), batchReviewDefaultSize,
                        highConfidenceMin);
                case BATCH_REVIEW_DEFAULT_SIZE -> new AutonomyThresholds(standingMaxExecutions, Integer.parseInt(value),
                        highConfidenceMin);
                case BATCH_REVIEW_CONFIDENCE_HIGH_MIN -> new AutonomyThresholds(standingMaxExecutions,
                        batchReviewDefaultSize, Double.parseDouble(value));
                default -> throw unsupported(key);
            };
        } catch (NumberFormatException e) {
            throw SilasException.invalid("changes.proposed_value", "not a number for " + key.wire());
        }
    }

    /**
     * {@return the canonical two-decimal form of a confidence value}
     *
     * @param value the new value
     */
    public static String confidence(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static SilasException unsupported(AutonomyThresholdKey key) {
        return SilasException.invalid("changes.key", key.wire() + " is not a calibrated threshold");
    }
}
