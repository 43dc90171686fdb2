package io.silas.core.gate;

import io.silas.core.error.SilasException;

/** An inclusive numeric range {@code {min, max}} used by {@code numeric_range} gates. */
public record NumericRange(double min, double max) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param min the min
     * @param max the max
     */
    public NumericRange {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw SilasException.invalid("range", "min and max must be finite");
        }
        if (min > max) {
            throw SilasException.invalid("range", "min must be <= max");
        }
    }

    /**
     * {@return whether {@code min <= value <= max}}
     *
     * @param value the new value
     */
    public boolean contains(double value) {
        return value >= min && value <= max;
    }
}
