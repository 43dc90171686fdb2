package io.silas.execution.search;

import io.silas.core.error.SilasException;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validation of provider base URIs. A key travels with every request, so plain {@code http} is accepted only
 * for loopback hosts (a local SearXNG, tests); anything else must be {@code https}. User info, query and
 * fragment are rejected: the base is a scheme, host, optional port and optional path prefix.
 */
final class Endpoints {
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private Endpoints() {
    }

    /** The validated base without a trailing slash, ready for {@code base + "/path"}. */
    static String base(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
            throw SilasException.invalid("search.base_uri", "must be an absolute http(s) URI with a host");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean https = scheme.equals("https");
        if (!https && !(scheme.equals("http") && isLoopback(uri.getHost()))) {
            throw SilasException.invalid("search.base_uri", "must use https (plain http only for a loopback host)");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw SilasException.invalid("search.base_uri", "must not carry user info, a query or a fragment");
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || LOOPBACK_V4.matcher(h).matches();
    }
}
