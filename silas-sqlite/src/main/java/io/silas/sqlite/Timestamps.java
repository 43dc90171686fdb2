package io.silas.sqlite;

import io.silas.core.error.SilasException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * Fixed-width UTC timestamps ({@code 2026-02-01T10:00:00.000000000Z}) for columns that are compared or
 * ordered in SQL: unlike {@link Instant#toString()}, every value has nine fraction digits, so text order
 * equals time order and nothing is lost to rounding.
 */
final class Timestamps {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final DateTimeFormatter FIXED = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    static String format(String field, Instant instant) {
        if (instant == null) {
            throw SilasException.invalid(field, "must not be null");
        }
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw SilasException.invalid(field, "must lie within years 0000-9999 but was " + instant);
        }
        return FIXED.format(instant);
    }

    /**
     * Epoch nanoseconds, for integer time columns compared in SQL; instants outside the years 1678-2261 (what a
     * {@code long} holds) are {@code INVALID_INPUT} naming the field.
     */
    static long epochNanos(String field, Instant instant) {
        if (instant == null) {
            throw SilasException.invalid(field, "must not be null");
        }
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
        } catch (ArithmeticException e) {
            throw SilasException.invalid(field, "must lie within years 1678-2261 but was " + instant);
        }
    }

    static Instant parse(String text) {
        return Instant.parse(text);
    }
}
