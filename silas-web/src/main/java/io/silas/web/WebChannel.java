package io.silas.web;

import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.Card;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.RichCardChannel;
import io.silas.core.channel.StreamingChannel;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.stream.Stream;
import io.silas.core.trust.NonceStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.jspecify.annotations.Nullable;

/**
 * The web channel: a WebSocket endpoint ({@code /ws}), the browser client ({@code /}) and the secure-input endpoint
 * ({@code POST /secrets/{ref_id}}), on Jetty 12. Run it standalone with {@link #start(int)} (bound to
 * {@code 127.0.0.1}) or mount {@link #handler(Server)} in the host's own Jetty server (behind its TLS).
 *
 * <pre>{@code
 * WebChannel web = WebChannel.builder().clock(clock).audit(audit).nonceStore(stores.nonceStore())
 *         .ownerDevice(OwnerDevice.file(dataDir.resolve("owner-device.pub"), clock))
 *         .secureInput(secureInput).build();
 * URI base = web.start(8080);                                   // 127.0.0.1; or mount web.handler(yourJettyServer)
 * String ownerToken = web.issueOwnerToken(Duration.ofHours(12));
 * String enrolCode = web.ownerDevice().newEnrolmentCode();      // first run only; both go to the owner out of band
 * System.out.println(base + "#token=" + ownerToken + "&enrol=" + enrolCode);
 * byte[] ownerKey = web.ownerDevice().awaitEnrolment(OwnerDevice.CODE_TTL);
 * MessageTrust ownerTrust = MessageTrust.builder().ownerPublicKey(ownerKey).nonceStore(stores.nonceStore())
 *         .audit(audit).clock(clock).build();
 * Stream webStream = streamBuilder.channel(web).cardPrompter(CardPrompter.rich(web, clock, scheduledExecutor))
 *         .ownerConnections(web.ownerConnectionId()).messageTrust(ownerTrust).build();
 * web.bind(webStream);
 * }</pre>
 *
 * <p><b>Protocol</b> (full schema in {@code silas-web/PROTOCOL.md}): the first frame is {@code auth} with a session
 * token ({@link SessionTokens}); an unknown token, a missing {@code auth} or one later than {@link #AUTH_TIMEOUT}
 * closes with {@link CloseCodes#UNAUTHENTICATED}, an expired one with {@link CloseCodes#SESSION_EXPIRED}. Every
 * connection of the owner's token shares the connection id {@link #ownerConnectionId()} (phone and laptop see the
 * same cards); each guest token has its own. A {@code message} frame becomes a {@code SignedMessage} submit when it
 * carries a signature, a {@code ChannelMessage} submit otherwise; replies, progress lines and cards come back as
 * {@code reply}, {@code progress} and {@code card} frames; a reply the model streams comes as {@code reply_part} frames
 * (each already passed by the output gates) ended by a {@code reply_end} frame whose text replaces them.
 *
 * <p><b>Security guarantees:</b> owner trust for a message comes only from {@code MessageTrust} (the device key's
 * signature, fresh, unused nonce), never from the session. Every card answer must be a {@link SignedCardAnswer}
 * that {@link CardAnswerVerifier} accepts — signed by the enrolled owner device key, fresh, nonce never used — and
 * must arrive on an owner session; otherwise it is refused (audited {@value #EVENT_ANSWER_REFUSED}), never passed
 * to the Stream, and the card keeps waiting for its timeout and safe default. An accepted answer is audited
 * {@value #EVENT_ANSWER_VERIFIED} with its signature, so each approval given on the web is non-repudiable.
 * WebSocket upgrades and secret posts whose {@code Origin} is not the host's own are refused. Frames are at most
 * {@link #MAX_FRAME_CHARS} characters. Secrets never travel over the WebSocket. Thread-safe.
 */
public final class WebChannel implements RichCardChannel, StreamingChannel, AutoCloseable {
    /** Channel name used in {@code ChannelMessage.channel}. */
    public static final String NAME = "web";
    /** How long a new connection may take to send its {@code auth} frame. */
    public static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
    /** Largest inbound text frame. */
    public static final int MAX_FRAME_CHARS = 64 * 1024;
    /** Audit event: a device key was enrolled (data: fingerprint). */
    public static final String EVENT_ENROLLED = "web_device_enrolled";
    /** Audit event: an enrolment attempt was refused (data: reason, connection_id). */
    public static final String EVENT_ENROL_REFUSED = "web_enrol_refused";
    /** Audit event: a signed card answer verified (data: card_id, choice, nonce, timestamp, signature, device). */
    public static final String EVENT_ANSWER_VERIFIED = "web_card_answer_verified";
    /** Audit event: a card answer was refused (data: card_id, reason, connection_id). */
    public static final String EVENT_ANSWER_REFUSED = "web_card_answer_refused";
    /** Audit event: a connection failed authentication (data: reason). */
    public static final String EVENT_CONNECTION_REFUSED = "web_connection_refused";

    private final Clock clock;
    private final AuditLog audit;
    private final OwnerDevice device;
    private final CardAnswerVerifier verifier;
    private final SessionTokens tokens;
    private final @Nullable SecureInputRegistry secureInput;
    private final String ownerConnectionId;
    private final IdGenerator ids;
    private final ScheduledExecutorService timers;
    private final Map<String, Set<WebConnection>> connections = new ConcurrentHashMap<>();
    private final Map<String, PendingCard> pendingCards = new ConcurrentHashMap<>();
    private volatile @Nullable Stream stream;
    private volatile @Nullable Server ownServer;

    private record PendingCard(String recipient, Card card, Instant deadline) {
    }

    private WebChannel(Builder b) {
        this.clock = b.clock;
        this.audit = b.audit;
        this.device = b.device != null ? b.device : OwnerDevice.inMemory(b.clock);
        this.verifier = new CardAnswerVerifier(device, b.nonces, b.clock, b.freshnessWindow);
        this.tokens = new SessionTokens(b.clock);
        this.secureInput = b.secureInput;
        this.ownerConnectionId = b.ownerConnectionId;
        this.ids = b.ids;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "silas-web-timers");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@return a new builder; clock, audit log and nonce store are required} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@return the connection id every owner session submits under; declare it with {@code ownerConnections(...)}} */
    public String ownerConnectionId() {
        return ownerConnectionId;
    }

    /** {@return the owner's device registry (enrolment code, enrolled key)} */
    public OwnerDevice ownerDevice() {
        return device;
    }

    /**
     * Issues an owner session token valid for {@code ttl}; hand it to the owner only. Never log it.
     *
     * @param ttl the ttl
     * @return the bearer token
     */
    public String issueOwnerToken(Duration ttl) {
        return tokens.issue(SessionTokens.Role.OWNER, ownerConnectionId, ttl);
    }

    /**
     * Issues a guest session token for {@code connectionId} (its own scope; never the owner's connection).
     *
     * @param connectionId the connection
     * @param ttl the ttl
     * @return the bearer token
     * @throws SilasException {@code INVALID_INPUT} for the owner's connection id
     */
    public String issueGuestToken(String connectionId, Duration ttl) {
        if (ownerConnectionId.equals(connectionId)) {
            throw SilasException.invalid("connection_id", "a guest cannot use the owner's connection id");
        }
        return tokens.issue(SessionTokens.Role.GUEST, connectionId, ttl);
    }

    /**
     * Starts submitting inbound messages to {@code target} and tells connected browsers they may send.
     *
     * @param target the target
     */
    public void bind(Stream target) {
        if (target == null) {
            throw SilasException.invalid("stream", "is required");
        }
        this.stream = target;
        connections.values().forEach(set -> set.forEach(c -> c.sendQuietly(OutboundFrames.accepting())));
    }

    /**
     * {@return the channel's handler for a host's own Jetty {@code server}: WebSocket upgrades on {@code /ws}, the secure
     * input endpoint on {@code /secrets/}, the browser client on {@code /}} Mount it at the context root.
     *
     * @param server the server
     */
    public Handler handler(Server server) {
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(MAX_FRAME_CHARS);
            container.setIdleTimeout(Duration.ofMinutes(30));
            container.addMapping("/ws", (request, response, callback) -> {
                if (!Origins.sameOrigin(request)) {
                    org.eclipse.jetty.server.Response.writeError(request, response, callback, 403);
                    return null;
                }
                return new WebConnection(this, org.eclipse.jetty.server.Request.getRemoteAddr(request));
            });
        });
        upgrades.setHandler(new Handler.Sequence(new SecureInputHandler(tokens, secureInput), new ClientAssets()));
        return upgrades;
    }

    /**
     * Starts a standalone server on {@code 127.0.0.1:port} ({@code 0} picks a free port); returns its base URI.
     *
     * @param port the port
     * @return the uri
     */
    public URI start(int port) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /**
     * Starts a standalone server on {@code address}; prefer the loopback default of {@link #start(int)}.
     *
     * @param address the address
     * @return the uri
     */
    public synchronized URI start(InetSocketAddress address) {
        if (ownServer != null) {
            throw SilasException.invalid("web_channel", "already started");
        }
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(address.getAddress().getHostAddress());
        connector.setPort(address.getPort());
        server.addConnector(connector);
        server.setHandler(handler(server));
        try {
            server.start();
        } catch (Exception e) {
            throw new SilasException(ErrorCode.CHANNEL_FAILURE, "web channel could not start on " + address, e);
        }
        ownServer = server;
        String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + connector.getLocalPort() + "/");
    }

    /** {@return how many authenticated WebSocket connections are open} */
    public int liveConnections() {
        return connections.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public void send(String recipientId, String text) {
        deliver(recipientId, OutboundFrames.text(text), false);
    }

    /**
     * Sends a {@code reply_part} frame: text of reply {@code replyId} that already passed the output gates, shown while
     * the reply is being written.
     */
    @Override
    public void sendPart(String recipientId, String replyId, String text) {
        deliver(recipientId, OutboundFrames.replyPart(replyId, text), false);
    }

    /** Sends a {@code reply_end} frame: its {@code text} replaces the parts shown for {@code replyId}. */
    @Override
    public void endReply(String recipientId, String replyId, String finalText) {
        deliver(recipientId, OutboundFrames.replyEnd(replyId, finalText), false);
    }

    /**
     * Sends {@code card} to {@code recipientId}. A card for the owner is also kept until its deadline or an accepted
     * answer and sent again to every owner connection that opens meanwhile, so it may be answered from any device.
     */
    @Override
    public void sendCard(String recipientId, Card card) {
        Instant deadline = clock.instant().plusSeconds(card.timeoutSeconds());
        boolean owner = ownerConnectionId.equals(recipientId);
        if (owner) {
            pendingCards.put(card.cardId(), new PendingCard(recipientId, card, deadline));
        }
        deliver(recipientId, OutboundFrames.card(card, deadline), owner);
    }

    /** Stops the standalone server (if started here), closing every connection. */
    @Override
    public void close() {
        connections.values().forEach(set -> set.forEach(c -> c.close(CloseCodes.GOING_AWAY, "shutting down")));
        Server server = ownServer;
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                throw new SilasException(ErrorCode.CHANNEL_FAILURE, "web channel did not stop cleanly", e);
            }
        }
        timers.shutdownNow();
    }

    // ---- package-private collaborators of WebConnection

    SessionTokens tokens() {
        return tokens;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    @Nullable Stream stream() {
        return stream;
    }

    IdGenerator ids() {
        return ids;
    }

    Clock clock() {
        return clock;
    }

    void attach(SessionTokens.Session session, WebConnection connection) {
        connections.computeIfAbsent(session.connectionId(), id -> new CopyOnWriteArraySet<>()).add(connection);
        connection.sendQuietly(OutboundFrames.hello(session, device.publicKey().isPresent(), stream != null));
        if (session.role() == SessionTokens.Role.OWNER) {
            Instant now = clock.instant();
            pendingCards.values().removeIf(p -> !now.isBefore(p.deadline()));
            pendingCards.values().stream().filter(p -> p.recipient().equals(session.connectionId()))
                    .forEach(p -> connection.sendQuietly(OutboundFrames.card(p.card(), p.deadline())));
        }
    }

    void detach(String connectionId, WebConnection connection) {
        connections.computeIfPresent(connectionId, (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    void refused(String reason) {
        audit.append(EVENT_CONNECTION_REFUSED, AuditData.create().reason(reason));
    }

    void enrol(WebConnection connection, SessionTokens.Session session, InboundFrame.Enrol frame) {
        if (session.role() != SessionTokens.Role.OWNER) {
            audit.append(EVENT_ENROL_REFUSED, AuditData.create().reason("not_owner")
                    .connection(session.connectionId()));
            connection.sendQuietly(OutboundFrames.enrolRefused("not_owner"));
            return;
        }
        OwnerDevice.Enrolment outcome = device.enrol(frame.code(), frame.publicKey());
        if (outcome != OwnerDevice.Enrolment.ENROLLED) {
            String reason = outcome.name().toLowerCase(java.util.Locale.ROOT);
            audit.append(EVENT_ENROL_REFUSED, AuditData.create().reason(reason).connection(session.connectionId()));
            connection.sendQuietly(OutboundFrames.enrolRefused(reason));
            return;
        }
        audit.append(EVENT_ENROLLED, AuditData.create().put("fingerprint", device.fingerprint()));
        broadcast(ownerConnectionId, OutboundFrames.enrolled(device.fingerprint()));
    }

    void answer(WebConnection connection, SessionTokens.Session session, SignedCardAnswer answer) {
        if (session.role() != SessionTokens.Role.OWNER) {
            refuseAnswer(connection, session, answer, "not_owner");
            return;
        }
        CardAnswerVerifier.Verdict verdict = verifier.verify(answer);
        if (verdict != CardAnswerVerifier.Verdict.ACCEPTED) {
            refuseAnswer(connection, session, answer, verdict.reason());
            return;
        }
        Stream target = stream;
        if (target == null) {
            refuseAnswer(connection, session, answer, "not_ready");
            return;
        }
        AuditData evidence = AuditData.create();
        evidence.put("card_id", answer.cardId());
        evidence.put("choice", answer.choice());
        evidence.put("nonce", answer.nonce());
        evidence.put("timestamp", io.silas.core.channel.SignedMessage.formatTimestamp(answer.timestamp()));
        evidence.put("signature", Base64.getEncoder().encodeToString(answer.signature()));
        evidence.put("device", device.fingerprint());
        audit.append(EVENT_ANSWER_VERIFIED, evidence);
        boolean resolved;
        try {
            resolved = target.answerCard(session.connectionId(), answer.cardId(), answer.choice());
        } catch (SilasException e) {
            connection.sendQuietly(OutboundFrames.cardResult(answer.cardId(), false, e.code().id()));
            return;
        }
        if (resolved) {
            pendingCards.remove(answer.cardId());
        }
        broadcast(session.connectionId(), OutboundFrames.cardResult(answer.cardId(), resolved,
                resolved ? "resolved" : "not_pending"));
    }

    private void refuseAnswer(WebConnection connection, SessionTokens.Session session, SignedCardAnswer answer,
                              String reason) {
        audit.append(EVENT_ANSWER_REFUSED, AuditData.create().put("card_id", answer.cardId()).reason(reason)
                .connection(session.connectionId()));
        connection.sendQuietly(OutboundFrames.cardResult(answer.cardId(), false, reason));
    }

    private void broadcast(String connectionId, String frame) {
        connections.getOrDefault(connectionId, Set.of()).forEach(c -> c.sendQuietly(frame));
    }

    /** Writes {@code frame} to every connection of {@code recipientId}; fails when none took it, unless kept. */
    private void deliver(String recipientId, String frame, boolean kept) {
        List<WebConnection> live = List.copyOf(connections.getOrDefault(recipientId, Set.of()));
        int delivered = 0;
        for (WebConnection c : live) {
            try {
                c.send(frame);
                delivered++;
            } catch (SilasException e) {
                detach(recipientId, c);
            }
        }
        if (delivered == 0 && !kept) {
            throw new SilasException(ErrorCode.CHANNEL_FAILURE, "no open web connection for " + recipientId);
        }
    }

    /** Builder of a {@link WebChannel}. */
    public static final class Builder {
        private Clock clock;
        private AuditLog audit;
        private NonceStore nonces;
        private @Nullable OwnerDevice device;
        private @Nullable SecureInputRegistry secureInput;
        private Duration freshnessWindow = MessageTrust.DEFAULT_FRESHNESS_WINDOW;
        private String ownerConnectionId = "web-owner";
        private IdGenerator ids = IdGenerator.random();

        private Builder() {
        }

        /**
         * {@return the clock (required)}
         *
         * @param value the new value
         */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * {@return the audit log (required)}
         *
         * @param value the new value
         */
        public Builder audit(AuditLog value) {
            this.audit = value;
            return this;
        }

        /**
         * {@return where card answer nonces are recorded (domain {@value CardAnswerVerifier#NONCE_DOMAIN}; required)}
         *
         * @param value the new value
         */
        public Builder nonceStore(NonceStore value) {
            this.nonces = value;
            return this;
        }

        /**
         * {@return the owner's device registry; default in memory (enrol again after each restart)}
         *
         * @param value the new value
         */
        public Builder ownerDevice(OwnerDevice value) {
            this.device = value;
            return this;
        }

        /**
         * {@return the secure-input registry {@code POST /secrets/{ref_id}} submits to; without it that path is 404}
         *
         * @param value the new value
         */
        public Builder secureInput(SecureInputRegistry value) {
            this.secureInput = value;
            return this;
        }

        /**
         * Freshness window of signed card answers (default: MessageTrust's 5 minutes).
         *
         * @param value the new value
         * @return the builder
         */
        public Builder freshnessWindow(Duration value) {
            this.freshnessWindow = value;
            return this;
        }

        /**
         * {@return the owner's connection id (default {@code web-owner})}
         *
         * @param value the new value
         */
        public Builder ownerConnectionId(String value) {
            this.ownerConnectionId = value;
            return this;
        }

        /**
         * Message id generator (default random).
         *
         * @param value the new value
         * @return the builder
         */
        public Builder ids(IdGenerator value) {
            this.ids = value;
            return this;
        }

        /**
         * The channel.
         *
         * @return the web channel
         * @throws SilasException {@code MISSING_COLLABORATOR} without clock, audit log or nonce store
         */
        public WebChannel build() {
            if (clock == null || audit == null || nonces == null) {
                throw new SilasException(ErrorCode.MISSING_COLLABORATOR,
                        "web channel needs a clock, an audit log and a nonce store");
            }
            if (ownerConnectionId == null || ownerConnectionId.isBlank() || freshnessWindow == null
                    || freshnessWindow.isNegative() || ids == null) {
                throw SilasException.invalid("web_channel", "owner connection id, freshness window and ids required");
            }
            return new WebChannel(this);
        }
    }
}
