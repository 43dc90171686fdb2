package io.silas.execution.search;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Keeps a result only if its URL is absolute {@code http(s)} with a host that is an allowed domain or a
 * subdomain of one ({@code docs.example.com} passes for {@code example.com}; {@code notexample.com} and
 * {@code example.com.evil.net} do not). The host is taken from the parsed URI, so user-info tricks such as
 * {@code https://example.com@evil.net/} are judged by their real host. An empty allowlist admits every
 * http(s) URL. Immutable, thread-safe.
 */
final class DomainFilter {
    private final List<String> allowed;

    DomainFilter(List<String> allowedDomains) {
        this.allowed = allowedDomains.stream().map(DomainFilter::normalise).toList();
    }

    List<String> allowed() {
        return allowed;
    }

    boolean permits(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
            return false;
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return false;
        }
        if (allowed.isEmpty()) {
            return true;
        }
        String h = normalise(host);
        for (String domain : allowed) {
            if (h.equals(domain) || h.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    private static String normalise(String domain) {
        String d = domain.trim().toLowerCase(Locale.ROOT);
        while (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        return d;
    }
}
