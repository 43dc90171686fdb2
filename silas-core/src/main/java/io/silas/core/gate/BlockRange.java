package io.silas.core.gate;

import io.silas.core.error.SilasException;
import java.util.List;

/**
 * The hard limits of a {@code numeric_range} gate: values outside {@code [outside[0], outside[1]]} are
 * blocked (docs/contracts.md#gates, {@code block: {outside: [low, high]}}).
 */
public record BlockRange(List<Double> outside) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param outside the outside
     */
    public BlockRange {
        if (outside == null || outside.size() != 2 || outside.get(0) == null || outside.get(1) == null) {
            throw SilasException.invalid("block.outside", "must be a list of exactly two numbers");
        }
        outside = List.copyOf(outside);
        if (!Double.isFinite(outside.get(0)) || !Double.isFinite(outside.get(1)) || outside.get(0) > outside.get(1)) {
            throw SilasException.invalid("block.outside", "must be finite with low <= high");
        }
    }

    /**
     * {@return a block range: values outside {@code [low, high]} are blocked}
     *
     * @param low the low
     * @param high the high
     */
    public static BlockRange of(double low, double high) {
        return new BlockRange(List.of(low, high));
    }

    /**
     * {@return whether the value lies outside the permitted interval (and must be blocked)}
     *
     * @param value the new value
     */
    public boolean blocks(double value) {
        return value < outside.get(0) || value > outside.get(1);
    }
}
