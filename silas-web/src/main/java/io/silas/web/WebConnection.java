package io.silas.web;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.SignedMessage;
import io.silas.core.error.SilasException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's WebSocket: authenticates with the first frame, then turns frames into Stream submits, enrolments
 * and verified card answers, and writes the channel's outbound frames. Jetty delivers its inbound frames one at a
 * time; outbound frames are written one at a time under this object's lock (each waits for the previous write).
 * Public only because Jetty invokes the listener methods through method handles; it has no public constructor.
 */
public final class WebConnection implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(WebConnection.class);
    private static final long SEND_TIMEOUT_SECONDS = 10;

    private final WebChannel channel;
    private final @Nullable String clientAddress;
    private final Object sendLock = new Object();
    private volatile @Nullable Session socket;
    private volatile SessionTokens.@Nullable Session session;
    private @Nullable ScheduledFuture<?> authTimer;

    WebConnection(WebChannel channel, @Nullable String clientAddress) {
        this.channel = channel;
        this.clientAddress = clientAddress;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        this.socket = opened;
        authTimer = channel.timers().schedule(() -> close(CloseCodes.UNAUTHENTICATED, "no auth frame"),
                WebChannel.AUTH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onWebSocketText(String text) {
        InboundFrame frame = InboundFrame.parse(text);
        if (frame == null) {
            close(CloseCodes.BAD_FRAME, "bad frame");
            return;
        }
        SessionTokens.Session current = session;
        if (current == null) {
            authenticate(frame);
            return;
        }
        if (channel.tokens().expired(current)) {
            close(CloseCodes.SESSION_EXPIRED, "session expired");
            return;
        }
        if (frame instanceof InboundFrame.Enrol enrol) {
            channel.enrol(this, current, enrol);
        } else if (frame instanceof InboundFrame.Message message) {
            submit(current, message);
        } else if (frame instanceof InboundFrame.CardAnswer answer) {
            channel.answer(this, current, answer.answer());
        } else {
            close(CloseCodes.BAD_FRAME, "already authenticated");
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, @Nullable String reason) {
        cancelAuthTimer();
        SessionTokens.Session current = session;
        if (current != null) {
            channel.detach(current.connectionId(), this);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("web connection error: {}", cause.getClass().getSimpleName());
    }

    /** The authenticated session, or null before {@code auth}. */
    SessionTokens.@Nullable Session session() {
        return session;
    }

    /** Writes one frame and waits for it to be written; a closed or failing socket throws {@code CHANNEL_FAILURE}. */
    void send(String frame) {
        synchronized (sendLock) {
            write(frame);
        }
    }

    private void write(String frame) {
        Session s = socket;
        if (s == null || !s.isOpen()) {
            throw new SilasException(io.silas.core.error.ErrorCode.CHANNEL_FAILURE, "web connection is closed");
        }
        Callback.Completable done = new Callback.Completable();
        s.sendText(frame, done);
        try {
            done.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SilasException(io.silas.core.error.ErrorCode.CHANNEL_FAILURE, "interrupted while sending", e);
        } catch (Exception e) {
            throw new SilasException(io.silas.core.error.ErrorCode.CHANNEL_FAILURE, "web frame not delivered", e);
        }
    }

    /** Sends a frame when the socket is open, dropping it otherwise (for notices whose loss changes nothing). */
    void sendQuietly(String frame) {
        try {
            send(frame);
        } catch (SilasException e) {
            LOG.debug("web frame dropped: {}", e.code().id());
        }
    }

    void close(int code, String reason) {
        cancelAuthTimer();
        Session s = socket;
        if (s != null && s.isOpen()) {
            s.close(code, reason, Callback.NOOP);
        }
    }

    private void authenticate(InboundFrame frame) {
        if (!(frame instanceof InboundFrame.Auth auth)) {
            close(CloseCodes.UNAUTHENTICATED, "auth frame expected");
            return;
        }
        SessionTokens.Lookup lookup = channel.tokens().lookup(auth.token());
        if (!lookup.valid()) {
            channel.refused(lookup.expired() ? "session_expired" : "unknown_token");
            close(lookup.expired() ? CloseCodes.SESSION_EXPIRED : CloseCodes.UNAUTHENTICATED,
                    lookup.expired() ? "session expired" : "unknown token");
            return;
        }
        cancelAuthTimer();
        session = lookup.session();
        channel.attach(lookup.session(), this);
    }

    private void submit(SessionTokens.Session current, InboundFrame.Message frame) {
        var stream = channel.stream();
        if (stream == null) {
            sendQuietly(OutboundFrames.error("not_ready", "The assistant is not running yet."));
            return;
        }
        ChannelMessage message;
        SignedMessage signed = null;
        try {
            message = new ChannelMessage(channel.ids().next(), channel.name(), current.connectionId(), frame.text(),
                    channel.clock().instant(), List.of(), null, Map.of());
            if (frame.signed()) {
                signed = new SignedMessage(message, frame.signature(), frame.nonce(), frame.timestamp());
            }
        } catch (SilasException e) {
            sendQuietly(OutboundFrames.error(e.code().id(), "The message was not accepted: " + e.getMessage()));
            return;
        }
        var stage = signed != null ? stream.submit(signed, current.connectionId(), clientAddress)
                : stream.submit(message, current.connectionId(), clientAddress);
        stage.whenComplete((result, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause()
                        != null ? failure.getCause() : failure;
                String code = cause instanceof SilasException se ? se.code().id() : "internal";
                sendQuietly(OutboundFrames.error(code, "The turn did not complete."));
            }
        });
    }

    private synchronized void cancelAuthTimer() {
        if (authTimer != null) {
            authTimer.cancel(false);
            authTimer = null;
        }
    }
}
