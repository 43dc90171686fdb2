package io.silas.core.error;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Validation shorthands for record compact constructors. Every failure is a {@link SilasException}
 * {@code INVALID_INPUT} built by {@link SilasException#invalid(String, String)}, naming the offending (JSON) field,
 * so messages read alike across packages. Stateless and thread-safe; collection results are immutable copies.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * {@code value}, or {@code "<field>: is required"} when null.
     *
     * @param <T> the type of the value
     * @param value the new value
     * @param field the field the problem is in
     * @return the t
     */
    public static <T> T nonNull(@Nullable T value, String field) {
        if (value == null) {
            throw SilasException.invalid(field, "is required");
        }
        return value;
    }

    /**
     * {@code value}, or {@code "<field>: must not be blank"} when null or blank.
     *
     * @param value the new value
     * @param field the field the problem is in
     * @return the string
     */
    public static String nonBlank(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw SilasException.invalid(field, "must not be blank");
        }
        return value;
    }

    /**
     * {@code value} (null allowed), or {@code "<field>: must not be blank when set"} when blank.
     *
     * @param value the new value
     * @param field the field the problem is in
     * @return the string
     */
    public static @Nullable String nullOrNonBlank(@Nullable String value, String field) {
        if (value != null && value.isBlank()) {
            throw SilasException.invalid(field, "must not be blank when set");
        }
        return value;
    }

    /**
     * {@code value}, or {@code "<field>: must be >= 0"}.
     *
     * @param value the new value
     * @param field the field the problem is in
     * @return the int
     */
    public static int nonNegative(int value, String field) {
        if (value < 0) {
            throw SilasException.invalid(field, "must be >= 0");
        }
        return value;
    }

    /**
     * {@code value}, or {@code "<field>: must be a finite number >= 0"} (NaN and infinities fail).
     *
     * @param value the new value
     * @param field the field the problem is in
     * @return the double
     */
    public static double nonNegativeFinite(double value, String field) {
        if (!Double.isFinite(value) || value < 0) {
            throw SilasException.invalid(field, "must be a finite number >= 0");
        }
        return value;
    }

    /**
     * {@code value}, or {@code "<field>: must be within [0, 1]"} (NaN fails).
     *
     * @param value the new value
     * @param field the field the problem is in
     * @return the double
     */
    public static double unitInterval(double value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw SilasException.invalid(field, "must be within [0, 1]");
        }
        return value;
    }

    /**
     * Immutable copy; null becomes empty; a null element fails as {@code "<field>: must not contain null"}.
     *
     * @param <T> the type of the value
     * @param values the values
     * @param field the field the problem is in
     * @return the list
     */
    public static <T> List<T> list(@Nullable List<T> values, String field) {
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

    /**
     * Immutable copy; null becomes empty; a null element fails as {@code "<field>[i]: must not be null"}.
     *
     * @param <T> the type of the value
     * @param values the values
     * @param field the field the problem is in
     * @return the list
     */
    public static <T> List<T> indexedList(@Nullable List<T> values, String field) {
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

    /**
     * Immutable list of non-blank strings without duplicates; null becomes empty.
     *
     * @param values the values
     * @param field the field the problem is in
     * @return the list
     */
    public static List<String> distinctNames(@Nullable List<String> values, String field) {
        List<String> copy = indexedList(values, field);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < copy.size(); i++) {
            nonBlank(copy.get(i), field + "[" + i + "]");
            if (!seen.add(copy.get(i))) {
                throw SilasException.invalid(field, "duplicate entry '" + copy.get(i) + "'");
            }
        }
        return copy;
    }

    /**
     * Immutable, insertion-ordered copy of a map with non-blank keys and non-null values; null becomes empty.
     *
     * @param <V> the type of the value
     * @param values the values
     * @param field the field the problem is in
     * @return the v>
     */
    public static <V> Map<String, V> orderedMap(@Nullable Map<String, V> values, String field) {
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

    /**
     * {@return a URL a channel may render as a link: absolute {@code https} or {@code http} with a host, nothing else} The
     * failure message never echoes the value.
     *
     * @param value the new value
     * @param field the field the problem is in
     */
    public static String webUrl(@Nullable String value, String field) {
        nonBlank(value, field);
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // reported below without echoing the value
        }
        throw SilasException.invalid(field, "must be an absolute http(s) URL");
    }
}
