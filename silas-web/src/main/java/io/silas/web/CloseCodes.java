package io.silas.web;

/**
 * WebSocket close codes of the web channel (application range 4000–4999; schema in {@code silas-web/PROTOCOL.md}).
 * A client that sees {@link #UNAUTHENTICATED} or {@link #SESSION_EXPIRED} must obtain a new session token from the
 * host; it must not retry the same one.
 */
public final class CloseCodes {
    /**
     * A frame that is not valid JSON of a known type with exactly its fields (a frame over
     * {@link WebChannel#MAX_FRAME_CHARS} is closed by Jetty with 1009, message too big).
     */
    public static final int BAD_FRAME = 4400;
    /** No {@code auth} frame first, none within {@link WebChannel#AUTH_TIMEOUT}, or an unknown token. */
    public static final int UNAUTHENTICATED = 4401;
    /** The session token expired (at {@code auth} or while connected; checked on every frame). */
    public static final int SESSION_EXPIRED = 4403;
    /** The host is shutting down. */
    public static final int GOING_AWAY = 1001;

    private CloseCodes() {
    }
}
