package io.silas.core.proactivity;

import io.silas.core.error.SilasException;

/**
 * One proposed threshold change with its current and proposed canonical values (spec §3.11). The two values
 * differ.
 */
public record AutonomyThresholdChange(AutonomyThresholdKey key, String currentValue, String proposedValue,
                                      AutonomyDirection direction) {
    public AutonomyThresholdChange {
        Require.nonNull(key, "changes.key");
        Require.nonBlank(currentValue, "changes.current_value");
        Require.nonBlank(proposedValue, "changes.proposed_value");
        Require.nonNull(direction, "changes.direction");
        if (currentValue.equals(proposedValue)) {
            throw SilasException.invalid("changes.proposed_value", "must differ from current_value");
        }
    }
}
