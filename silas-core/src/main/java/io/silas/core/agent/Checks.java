package io.silas.core.agent;

import io.silas.core.error.SilasException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Validation shorthands for this package's records; every failure names the offending JSON field. */
final class Checks {
    private Checks() {
    }

    static <T> T required(@Nullable T value, String field) {
        if (value == null) {
            throw SilasException.invalid(field, "is required");
        }
        return value;
    }

    static String text(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw SilasException.invalid(field, "must not be blank");
        }
        return value;
    }

    static <T> List<T> list(@Nullable List<T> values, String field) {
        if (values == null) {
            return List.of();
        }
        for (T value : values) {
            if (value == null) {
                throw SilasException.invalid(field, "must not contain null");
            }
        }
        return List.copyOf(values);
    }
}
