package io.silas.web;

import java.net.URI;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Same-origin check for WebSocket upgrades and secret posts: a browser always sends {@code Origin} on both, so a page
 * of another site (which could otherwise reach a loopback port) is refused. A request without {@code Origin}
 * (a non-browser client) passes; it still needs a session token.
 */
final class Origins {
    private Origins() {
    }

    /** Whether the request has no {@code Origin} or one whose host and port equal the request's {@code Host}. */
    static boolean sameOrigin(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) {
            return true;
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        try {
            String authority = URI.create(origin).getRawAuthority();
            return host != null && authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
