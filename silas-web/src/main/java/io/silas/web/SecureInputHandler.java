package io.silas.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.trust.SecretValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * The out-of-band secure-input endpoint (docs/contracts.md#secrets, #connections): the browser's secure form posts the
 * secret here, never over the WebSocket. {@code POST /secrets/{ref_id}} with {@code Authorization: Bearer <owner
 * session token>} and the JSON body {@code {"value": "..."}} (exactly that one non-empty string field) answers
 * {@code 201 {"stored":true}}. Errors: no or unknown token {@code 401 {"error":"unauthenticated"}}, expired
 * {@code 401 {"error":"session_expired"}}, a guest token or a foreign {@code Origin} {@code 403}, unknown or expired
 * ref {@code 404 {"error":"secret_ref_unknown"}}, a ref already used {@code 409 {"error":"secret_ref_consumed"}}, a
 * body that is not such an object, empty or over {@link #MAX_BODY_BYTES} {@code 400 {"error":"invalid_body"}}, any
 * other method {@code 405}. Without a registry the path is 404.
 *
 * <p><b>Security guarantees:</b> only an owner session may store a secret. The body is read into a bounded byte array
 * and parsed with the streaming parser; the secret is taken from the parser's character buffer, so no
 * {@code String} of it is created, and the byte and char copies are wiped once the {@link SecretValue} holds it
 * (Jackson's recycled buffer may keep the characters until reused). Nothing about the body is logged or echoed: every
 * response is one of the fixed bodies above.
 */
final class SecureInputHandler extends Handler.Abstract {
    /** Largest accepted body. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Pattern PATH = Pattern.compile("/secrets/([A-Za-z0-9_-]{1,128})");

    private final SessionTokens tokens;
    private final @Nullable SecureInputRegistry registry;

    SecureInputHandler(SessionTokens tokens, @Nullable SecureInputRegistry registry) {
        this.tokens = tokens;
        this.registry = registry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String path = Request.getPathInContext(request);
        if (registry == null || !path.startsWith("/secrets/")) {
            return false;
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return respond(response, callback, 404, "{\"error\":\"not_found\"}");
        }
        if (!HttpMethod.POST.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return respond(response, callback, 405, "{\"error\":\"method_not_allowed\"}");
        }
        if (!Origins.sameOrigin(request)) {
            return respond(response, callback, 403, "{\"error\":\"origin_refused\"}");
        }
        SessionTokens.Lookup lookup = tokens.lookup(bearer(request));
        if (!lookup.valid()) {
            return respond(response, callback, 401, lookup.expired() ? "{\"error\":\"session_expired\"}"
                    : "{\"error\":\"unauthenticated\"}");
        }
        if (lookup.session().role() != SessionTokens.Role.OWNER) {
            return respond(response, callback, 403, "{\"error\":\"not_owner\"}");
        }
        byte[] body = readBody(Content.Source.asInputStream(request));
        SecretValue secret = body == null ? null : parseValue(body);
        if (secret == null) {
            return respond(response, callback, 400, "{\"error\":\"invalid_body\"}");
        }
        try (secret) {
            registry.submit(m.group(1), secret);
            return respond(response, callback, 201, "{\"stored\":true}");
        } catch (SilasException e) {
            if (e.code() == ErrorCode.SECRET_REF_UNKNOWN) {
                return respond(response, callback, 404, "{\"error\":\"secret_ref_unknown\"}");
            }
            if (e.code() == ErrorCode.SECRET_REF_CONSUMED) {
                return respond(response, callback, 409, "{\"error\":\"secret_ref_consumed\"}");
            }
            if (e.code() == ErrorCode.INVALID_INPUT) {
                return respond(response, callback, 400, "{\"error\":\"invalid_body\"}");
            }
            return respond(response, callback, 500, "{\"error\":\"" + e.code().id() + "\"}");
        }
    }

    private static @Nullable String bearer(Request request) {
        String value = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        return value != null && value.startsWith("Bearer ") ? value.substring(7).strip() : null;
    }

    /**
     * The secret of a {@code {"value": "..."}} body, or null when the body is not exactly such an object with a
     * non-empty string. Wipes {@code body}.
     */
    static @Nullable SecretValue parseValue(byte[] body) {
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
    private static byte @Nullable [] readBody(InputStream in) throws IOException {
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

    private static boolean respond(Response response, Callback callback, int status, String json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
