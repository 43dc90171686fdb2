package io.silas.postgres;

import io.silas.core.error.SilasException;
import java.time.Instant;

/** Instants as epoch nanoseconds for {@code BIGINT} columns that are compared in SQL. */
final class EpochNanos {
    private EpochNanos() {
    }

    /**
     * Epoch nanoseconds of the instant; null or one outside the years 1678-2261 (what a {@code long} holds) is
     * {@code INVALID_INPUT} naming the field.
     */
    static long of(String field, Instant instant) {
        if (instant == null) {
            throw SilasException.invalid(field, "must not be null");
        }
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            throw SilasException.invalid(field, "must lie within years 1678-2261 but was " + instant);
        }
    }
}
