package io.silas.examples;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.trust.SecretValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host-side sample of the out-of-band secure-input endpoint (spec §5.10.1): the channel's secure form posts the
 * secret straight here, never through the agent pipeline. {@code POST /secrets/{ref_id}} with the JSON body
 * {@code {"value": "..."}} (exactly that one non-empty string field) answers {@code 201 {"stored": true}}; an unknown
 * or expired ref is {@code 404 {"error": "secret_ref_unknown"}}, a ref already used is
 * {@code 409 {"error": "secret_ref_consumed"}}, a body that is not such an object, empty or larger than
 * {@link #MAX_BODY_BYTES} is {@code 400 {"error": "invalid_body"}}, any other method or path {@code 405}/{@code 404}.
 *
 * <p>Bound to {@code 127.0.0.1} by default: put it behind the host's TLS reverse proxy and authentication.
 *
 * <p>Security guarantees: the body is read into a bounded byte array and parsed with the streaming parser of the
 * shared {@link Json#mapper() mapper}; the secret is taken from the parser's character buffer
 * ({@link JsonParser#getTextCharacters()}), so no {@code String} of it is ever created. The byte array and the
 * char copy are wiped once the {@link SecretValue} holds the secret; Jackson's own recycled parse buffer may keep
 * the characters until it is reused (unavoidable with any JSON library). Nothing about the body is logged or
 * echoed. Thread-safe (the JDK server's executor).
 */
public final class SecureInputHttpEndpoint implements AutoCloseable {
    /** Largest accepted secret body. */
    public static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Pattern PATH = Pattern.compile("/secrets/([A-Za-z0-9_-]{1,128})");

    private final HttpServer server;
    private final SecureInputRegistry registry;

    private SecureInputHttpEndpoint(HttpServer server, SecureInputRegistry registry) {
        this.server = server;
        this.registry = registry;
    }

    /** Starts the endpoint on {@code 127.0.0.1:port} ({@code 0} picks a free port). */
    public static SecureInputHttpEndpoint start(SecureInputRegistry registry, int port) throws IOException {
        return start(registry, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Starts the endpoint on {@code address}; prefer the loopback default of {@link #start(SecureInputRegistry, int)}. */
    public static SecureInputHttpEndpoint start(SecureInputRegistry registry, InetSocketAddress address)
            throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        SecureInputHttpEndpoint endpoint = new SecureInputHttpEndpoint(server, registry);
        server.createContext("/secrets/", endpoint::handle);
        server.start();
        return endpoint;
    }

    /** The base URI, e.g. {@code http://127.0.0.1:43123}. */
    public URI baseUri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
    }

    /** Stops the server. */
    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            if (!m.matches()) {
                respond(exchange, 404, "{\"error\":\"not_found\"}");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                respond(exchange, 405, "{\"error\":\"method_not_allowed\"}");
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            SecretValue secret = body == null ? null : parseValue(body);
            if (secret == null) {
                respond(exchange, 400, "{\"error\":\"invalid_body\"}");
                return;
            }
            try (secret) {
                registry.submit(m.group(1), secret);
                respond(exchange, 201, "{\"stored\":true}");
            } catch (SilasException e) {
                if (e.code() == ErrorCode.SECRET_REF_UNKNOWN) {
                    respond(exchange, 404, "{\"error\":\"secret_ref_unknown\"}");
                } else if (e.code() == ErrorCode.SECRET_REF_CONSUMED) {
                    respond(exchange, 409, "{\"error\":\"secret_ref_consumed\"}");
                } else if (e.code() == ErrorCode.INVALID_INPUT) {
                    respond(exchange, 400, "{\"error\":\"invalid_body\"}");
                } else {
                    respond(exchange, 500, "{\"error\":\"" + e.code().id() + "\"}");
                }
            }
        }
    }

    /**
     * The secret of a {@code {"value": "..."}} body, or null when the body is not exactly such an object with a
     * non-empty string. Wipes {@code body}.
     */
    private static SecretValue parseValue(byte[] body) {
        char[] chars = null;
        try (JsonParser parser = Json.mapper().getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                if (chars != null || !"value".equals(parser.currentName())
                        || parser.nextToken() != JsonToken.VALUE_STRING || parser.getTextLength() == 0) {
                    return null;
                }
                chars = Arrays.copyOfRange(parser.getTextCharacters(), parser.getTextOffset(),
                        parser.getTextOffset() + parser.getTextLength());
            }
            if (chars == null || parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return null;
            }
            return SecretValue.copyOf(chars);
        } catch (IOException e) {
            return null;
        } finally {
            if (chars != null) {
                Arrays.fill(chars, '\0');
            }
            Arrays.fill(body, (byte) 0);
        }
    }

    /** The body, or null when it exceeds {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] buffer = new byte[MAX_BODY_BYTES + 1];
        int total = 0;
        int n;
        while (total < buffer.length && (n = in.read(buffer, total, buffer.length - total)) > 0) {
            total += n;
        }
        try {
            return total > MAX_BODY_BYTES ? null : Arrays.copyOf(buffer, total);
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
