package io.silas.core.proactivity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.silas.core.error.SilasException;

/** The autonomy knobs a proposal may change (docs/contracts.md#proactivity-and-autonomy); the wire value is the dotted config path. */
public enum AutonomyThresholdKey {
    /** Wire value {@code standing_scope}. */
    STANDING_SCOPE("standing.scope"),
    /** Wire value {@code standing_max_executions}. */
    STANDING_MAX_EXECUTIONS("standing.max_executions"),
    /** Wire value {@code standing_expires_at}. */
    STANDING_EXPIRES_AT("standing.expires_at"),
    /** Wire value {@code batch_review_default_size}. */
    BATCH_REVIEW_DEFAULT_SIZE("batch_review.default_size"),
    /** Wire value {@code batch_review_confidence_high_min}. */
    BATCH_REVIEW_CONFIDENCE_HIGH_MIN("batch_review.confidence.high_min");

    private final String wire;

    AutonomyThresholdKey(String wire) {
        this.wire = wire;
    }

    /** {@return the dotted wire value, for example {@code batch_review.default_size}} */
    @JsonValue
    public String wire() {
        return wire;
    }

    /**
     * Parses a wire value exactly.
     *
     * @param value the new value
     * @return the autonomy threshold key
     */
    @JsonCreator
    public static AutonomyThresholdKey fromWire(String value) {
        for (AutonomyThresholdKey key : values()) {
            if (key.wire.equals(value)) {
                return key;
            }
        }
        throw SilasException.invalid("changes.key", "unknown threshold key '" + value + "'");
    }
}
