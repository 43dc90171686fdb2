package io.silas.core.proactivity;

import io.silas.core.error.SilasException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Validation helpers for the proactivity records; every failure names the field. */
final class Require {
    private Require() {
    }

    static String nonBlank(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw SilasException.invalid(field, "must not be blank");
        }
        return value;
    }

    static <T> T nonNull(@Nullable T value, String field) {
        if (value == null) {
            throw SilasException.invalid(field, "is required");
        }
        return value;
    }

    static double unitInterval(double value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw SilasException.invalid(field, "must be within [0, 1]");
        }
        return value;
    }

    static <T> List<T> list(@Nullable List<T> values, String field) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw SilasException.invalid(field + "[" + i + "]", "must not be null");
            }
        }
        return List.copyOf(values);
    }
}
