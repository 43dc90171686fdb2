package io.silas.core.proactivity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.silas.core.error.SilasException;

/** The autonomy knobs a proposal may change (docs/contracts.md#proactivity-and-autonomy); the wire value is the dotted config path. */
public enum AutonomyThresholdKey {
    STANDING_SCOPE("standing.scope"),
    STANDING_MAX_EXECUTIONS("standing.max_executions"),
    STANDING_EXPIRES_AT("standing.expires_at"),
    BATCH_REVIEW_DEFAULT_SIZE("batch_review.default_size"),
    BATCH_REVIEW_CONFIDENCE_HIGH_MIN("batch_review.confidence.high_min");

    private final String wire;

    AutonomyThresholdKey(String wire) {
        this.wire = wire;
    }

    /** The dotted wire value, for example {@code batch_review.default_size}. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** Parses a wire value exactly. */
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
