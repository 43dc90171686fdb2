package io.silas.core.proactivity;

import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;

/**
 * One proposed threshold change with its current and proposed canonical values
 * (docs/contracts.md#proactivity-and-autonomy). The two values differ.
 */
public record AutonomyThresholdChange(AutonomyThresholdKey key, String currentValue, String proposedValue,
                                      AutonomyDirection direction) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param key           the key
     * @param currentValue  the current value
     * @param proposedValue the proposed value
     * @param direction     the direction
     */
    public AutonomyThresholdChange {
        Checks.nonNull(key, "changes.key");
        Checks.nonBlank(currentValue, "changes.current_value");
        Checks.nonBlank(proposedValue, "changes.proposed_value");
        Checks.nonNull(direction, "changes.direction");
        if (currentValue.equals(proposedValue)) {
            throw SilasException.invalid("changes.proposed_value", "must differ from current_value");
        }
    }
}
