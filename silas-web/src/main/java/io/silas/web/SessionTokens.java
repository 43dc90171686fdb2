package io.silas.web;

import io.silas.core.error.SilasException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Session tokens of the web channel: bearer credentials the host issues (the owner's, and one per guest connection)
 * and a browser presents in its first WebSocket frame and on the secure-input endpoint.
 *
 * <p>A token is 256 random bits, base64url without padding. Only its SHA-256 is kept; a lookup hashes the presented
 * value, so the map never holds a usable credential. Each token names a role ({@link Role#OWNER} or
 * {@link Role#GUEST}), the connection id its frames are submitted under and an expiry.
 *
 * <p><b>Security guarantees:</b> a session token identifies a <em>connection</em>, never an authority: an owner
 * session may enrol the device key (with the one-time code) and receives the owner's cards, but owner trust for a
 * message and acceptance of a card answer come only from the device key's signature. Tokens are never logged.
 * Thread-safe.
 */
public final class SessionTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who a session belongs to. */
    public enum Role {
        /** The owner's session: may enrol a device and answer owner cards (with the device signature). */
        OWNER,
        /** A guest's session, bound to one connection: its messages are never the owner's. */
        GUEST
    }

    /** A live session: role, connection id and expiry. */
    public record Session(Role role, String connectionId, Instant expiresAt) {
    }

    /** Result of a lookup: the session, or why there is none. */
    public record Lookup(@Nullable Session session, boolean expired) {
        /** {@return whether a live session was found} */
        public boolean valid() {
            return session != null;
        }
    }

    private final Map<String, Session> byHash = new ConcurrentHashMap<>();
    private final Clock clock;

    /**
     * Tokens checked against {@code clock}.
     *
     * @param clock the clock to read time from
     */
    public SessionTokens(Clock clock) {
        this.clock = clock;
    }

    /**
     * Issues a token for {@code connectionId} in {@code role}, valid for {@code ttl}.
     *
     * @param role the role
     * @param connectionId the connection
     * @param ttl the ttl
     * @return the bearer token
     */
    public String issue(Role role, String connectionId, Duration ttl) {
        if (role == null || connectionId == null || connectionId.isBlank() || ttl == null || ttl.isNegative()
                || ttl.isZero()) {
            throw SilasException.invalid("session", "role, connection id and a positive ttl are required");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byHash.put(hash(token), new Session(role, connectionId, clock.instant().plus(ttl)));
        return token;
    }

    /**
     * Looks a presented token up; an expired one is removed and reported as expired.
     *
     * @param token the token
     * @return the lookup
     */
    public Lookup lookup(@Nullable String token) {
        if (token == null || token.isEmpty() || token.length() > 128) {
            return new Lookup(null, false);
        }
        String key = hash(token);
        Session session = byHash.get(key);
        if (session == null) {
            return new Lookup(null, false);
        }
        if (!clock.instant().isBefore(session.expiresAt())) {
            byHash.remove(key, session);
            return new Lookup(null, true);
        }
        return new Lookup(session, false);
    }

    /**
     * {@return whether {@code session} has expired now}
     *
     * @param session the session
     */
    public boolean expired(Session session) {
        return !clock.instant().isBefore(session.expiresAt());
    }

    /**
     * Revokes a token (e.g. a guest sent away); returns whether it was known.
     *
     * @param token the token
     * @return whether it holds
     */
    public boolean revoke(String token) {
        return token != null && byHash.remove(hash(token)) != null;
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
