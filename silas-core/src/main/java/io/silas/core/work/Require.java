package io.silas.core.work;

import io.silas.core.error.SilasException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Small validation helpers shared by the work-item records; every failure names the field. */
final class Require {
    private Require() {
    }

    static String nonBlank(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw SilasException.invalid(field, "must not be blank");
        }
        return value;
    }

    static @Nullable String nullOrNonBlank(@Nullable String value, String field) {
        if (value != null && value.isBlank()) {
            throw SilasException.invalid(field, "must not be blank when set");
        }
        return value;
    }

    static <T> T nonNull(@Nullable T value, String field) {
        if (value == null) {
            throw SilasException.invalid(field, "is required");
        }
        return value;
    }

    static int nonNegative(int value, String field) {
        if (value < 0) {
            throw SilasException.invalid(field, "must be >= 0");
        }
        return value;
    }

    static double nonNegativeFinite(double value, String field) {
        if (!Double.isFinite(value) || value < 0) {
            throw SilasException.invalid(field, "must be a finite number >= 0");
        }
        return value;
    }

    /** Immutable copy of a list; null becomes empty; null elements are rejected. */
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

    /** Immutable list of non-blank strings without duplicates. */
    static List<String> distinctNames(@Nullable List<String> values, String field) {
        List<String> copy = list(values, field);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < copy.size(); i++) {
            nonBlank(copy.get(i), field + "[" + i + "]");
            if (!seen.add(copy.get(i))) {
                throw SilasException.invalid(field, "duplicate entry '" + copy.get(i) + "'");
            }
        }
        return copy;
    }

    /** Immutable, insertion-ordered copy of a map with non-blank keys; null becomes empty. */
    static <V> Map<String, V> orderedMap(@Nullable Map<String, V> values, String field) {
        if (values == null || values.isEmpty()) {
            return Map.of();
        }
        Map<String, V> copy = new LinkedHashMap<>();
        for (Map.Entry<String, V> e : values.entrySet()) {
            nonBlank(e.getKey(), field + " key");
            copy.put(e.getKey(), nonNull(e.getValue(), field + "." + e.getKey()));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Appends to an immutable list, returning a new immutable list. */
    static <T> List<T> append(List<T> values, T value) {
        List<T> copy = new ArrayList<>(values);
        copy.add(value);
        return List.copyOf(copy);
    }
}
