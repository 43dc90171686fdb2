package io.silas.core.connection;

import io.silas.core.error.SilasException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
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

    /** A URL a channel may render as a link: absolute {@code https} or {@code http} with a host, nothing else. */
    static String webUrl(@Nullable String value, String field) {
        text(value, field);
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
