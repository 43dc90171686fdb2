package io.silas.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the browser client (plain ES modules, no build step) from the classpath: a fixed list of files, read once,
 * with a strict Content-Security-Policy (scripts, styles and connections from this origin only; no inline script, no
 * framing) and {@code no-store} caching. Any other path falls through (404).
 */
final class ClientAssets extends Handler.Abstract {
    private static final String BASE = "/io/silas/web/client/";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/app.js", "app.js",
            "/keys.js", "keys.js",
            "/cards.js", "cards.js",
            "/style.css", "style.css");

    private final Map<String, byte[]> content;

    ClientAssets() {
        this.content = Map.copyOf(FILES.values().stream().distinct()
                .collect(java.util.stream.Collectors.toMap(name -> name, ClientAssets::load)));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String name = FILES.get(Request.getPathInContext(request));
        if (name == null || !HttpMethod.GET.is(request.getMethod())) {
            return false;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type(name));
        response.getHeaders().put("Content-Security-Policy", CSP);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(content.get(name)), callback);
        return true;
    }

    private static String type(String name) {
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
    }

    private static byte[] load(String name) {
        try (InputStream in = ClientAssets.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("client file missing from the jar: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
