package io.silas.core.channel;

import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.RequiredParts;
import io.silas.core.error.SetOnce;
import io.silas.core.error.SilasException;
import io.silas.core.trust.ChannelIdentity;
import io.silas.core.trust.Ed25519Verifier;
import io.silas.core.trust.NonceRetention;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.trust.TrustDecision.Reason;
import io.silas.core.trust.TrustDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how far an inbound message can be trusted (docs/contracts.md#inbound-message-trust).
 *
 * <p>For a {@link SignedMessage}, in this order:
 * <ol>
 *   <li>signature not 64 bytes → {@code external} ({@link Reason#SIGNATURE_MALFORMED}), audit
 *       {@value #EVENT_SIGNATURE_REJECTED};</li>
 *   <li>signature does not verify under the owner key over {@link SignedMessage#signedBytes()} (another key,
 *       or text, timestamp or nonce changed after signing) → {@code external} ({@link Reason#SIGNATURE_INVALID}),
 *       audit {@value #EVENT_SIGNATURE_REJECTED};</li>
 *   <li>nonce not 16–128 characters of {@code [A-Za-z0-9._:+/=-]} → {@code external}
 *       ({@link Reason#NONCE_INVALID}), audit {@value #EVENT_SIGNATURE_REJECTED};</li>
 *   <li>timestamp more than the freshness window (default 5 minutes) before or after the clock →
 *       {@code external} ({@link Reason#STALE_TIMESTAMP} / {@link Reason#FUTURE_TIMESTAMP}), audit
 *       {@value #EVENT_STALE_MESSAGE}; checked <em>before</em> the nonce is consumed;</li>
 *   <li>nonce already recorded in domain {@code msg} (one atomic {@link NonceStore#recordIfAbsent}) →
 *       {@code external} ({@link Reason#REPLAYED_NONCE}), audit {@value #EVENT_REPLAY_REJECTED};</li>
 *   <li>otherwise → {@code owner}, and the nonce stays recorded.</li>
 * </ol>
 * A signed message that fails any step is {@code external} even if its sender is a known identity: a failed
 * signature is evidence of tampering or replay, not a reason to fall back. Unsigned input is classified with
 * {@link #classify(ChannelMessage)}: a configured {@link ChannelIdentity} → {@code auth}, anything else →
 * {@code external}.
 *
 * <p><b>Security guarantees.</b> The only path to {@code owner} is a valid Ed25519 signature by the injected
 * owner public key over fresh content with a never-seen nonce: there is no HMAC, no self-signing, no
 * configuration switch and no field of the message that grants trust. Of any number of concurrent deliveries
 * of one signed message, at most one is {@code owner}. Malformed or hostile input never throws; it is
 * {@code external}. If the nonce store fails, the message is {@code external}
 * ({@link Reason#NONCE_STORE_UNAVAILABLE}, fail closed). Audit data and log lines carry ids, the nonce and the
 * reason only, never message text. Failures to append to the audit log propagate. Thread-safe.
 */
public final class MessageTrust {
    /** Audit event for a validly signed message whose nonce was already used. */
    public static final String EVENT_REPLAY_REJECTED = "replay_rejected";
    /** Audit event for a validly signed message outside the freshness window. */
    public static final String EVENT_STALE_MESSAGE = "stale_message";
    /** Audit event for a signed message whose signature or nonce is malformed or does not verify. */
    public static final String EVENT_SIGNATURE_REJECTED = "signature_rejected";
    /** Default freshness window, applied in both directions. */
    public static final Duration DEFAULT_FRESHNESS_WINDOW = Duration.ofMinutes(5);

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9._:+/=-]{16,128}");
    private static final Logger LOG = LoggerFactory.getLogger(MessageTrust.class);

    private final Ed25519Verifier owner;
    private final NonceStore nonces;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration window;
    private final Set<ChannelIdentity> identities;

    private MessageTrust(Builder b, Ed25519Verifier owner) {
        this.owner = owner;
        this.nonces = b.nonceStore;
        this.audit = b.audit;
        this.clock = b.clock;
        this.window = b.freshnessWindow;
        this.identities = Set.copyOf(b.identities);
    }

    /** {@return a builder; owner public key, nonce store, audit log and clock are required} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Classifies a signed message; never throws for hostile content (see the class documentation).
     *
     * @param signed the signed
     * @return the trust decision
     */
    public TrustDecision classify(SignedMessage signed) {
        return classify(check(signed));
    }

    /**
     * Checks the owner signature, the nonce's format and the timestamp once, consuming and auditing nothing (the
     * nonce store is only read, for {@link OwnerClaim#eligible()}); {@link #classify(OwnerClaim)} finishes the
     * decision. Never throws for hostile content.
     *
     * @param signed the signed
     * @return the owner claim
     * @throws SilasException {@code INVALID_INPUT} for a null message
     */
    public OwnerClaim check(SignedMessage signed) {
        if (signed == null) {
            throw SilasException.invalid("message", "must not be null");
        }
        Reason rejection = signatureRejection(signed);
        if (rejection == null) {
            rejection = timestampRejection(signed, clock.instant());
        }
        return new OwnerClaim(this, signed, rejection, rejection == null && nonceUnused(signed));
    }

    /**
     * Classifies a checked message (see the class documentation): a failed check is audited and {@code external};
     * otherwise the nonce is recorded atomically and the message is {@code owner} only if that was its first use.
     *
     * @param claim the claim
     * @return the trust decision
     * @throws SilasException {@code INVALID_INPUT} for a null claim or one another {@code MessageTrust} checked
     */
    public TrustDecision classify(OwnerClaim claim) {
        if (claim == null || claim.issuer() != this) {
            throw SilasException.invalid("claim", "must come from this MessageTrust's check()");
        }
        SignedMessage signed = claim.message();
        Reason rejection = claim.rejection();
        if (rejection != null) {
            boolean stale = rejection == Reason.STALE_TIMESTAMP || rejection == Reason.FUTURE_TIMESTAMP;
            return reject(stale ? EVENT_STALE_MESSAGE : EVENT_SIGNATURE_REJECTED, rejection, signed);
        }
        boolean firstUse;
        try {
            firstUse = nonces.recordIfAbsent(NonceStore.DOMAIN_MESSAGE, signed.nonce(), clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Nonce store failed while checking message {} ({}); classifying it external",
                    signed.message().messageId(), e.getClass().getSimpleName());
            return TrustDecision.of(Reason.NONCE_STORE_UNAVAILABLE);
        }
        if (!firstUse) {
            return reject(EVENT_REPLAY_REJECTED, Reason.REPLAYED_NONCE, signed);
        }
        LOG.debug("Message {} verified as the owner's", signed.message().messageId());
        return TrustDecision.of(Reason.OWNER_SIGNATURE);
    }

    /**
     * {@return whether the message carries a well-formed owner signature over its content — the Ed25519 check only: the
     * nonce is neither checked nor consumed, freshness is not checked, nothing is audited} A replayed message passes
     * this check: grant nothing on it (admission uses {@link OwnerClaim#eligible()}); trust itself comes only from
     * {@link #classify(SignedMessage)}.
     *
     * @param signed the signed
     */
    public boolean ownerSignatureValid(SignedMessage signed) {
        if (signed == null || signed.signature().length != SigningKeys.SIGNATURE_BYTES) {
            return false;
        }
        return owner.verify(signedBytesOrNull(signed), signed.signature());
    }

    /**
     * {@return whether the message would be classified {@code owner} now; {@code check(signed).eligible()}} Nothing is
     * consumed or audited. Of concurrent deliveries of one message, several may be eligible but at most one is
     * classified {@code owner}. A failing nonce store answers false.
     *
     * @param signed the signed
     */
    public boolean ownerEligible(SignedMessage signed) {
        return signed != null && check(signed).eligible();
    }

    private @Nullable Reason signatureRejection(SignedMessage signed) {
        byte[] signature = signed.signature();
        if (signature.length != SigningKeys.SIGNATURE_BYTES) {
            return Reason.SIGNATURE_MALFORMED;
        }
        if (!owner.verify(signedBytesOrNull(signed), signature)) {
            return Reason.SIGNATURE_INVALID;
        }
        return NONCE.matcher(signed.nonce()).matches() ? null : Reason.NONCE_INVALID;
    }

    private @Nullable Reason timestampRejection(SignedMessage signed, Instant now) {
        if (signed.timestamp().isAfter(now.plus(window))) {
            return Reason.FUTURE_TIMESTAMP;
        }
        return signed.timestamp().isBefore(now.minus(window)) ? Reason.STALE_TIMESTAMP : null;
    }

    private boolean nonceUnused(SignedMessage signed) {
        try {
            return !nonces.isUsed(NonceStore.DOMAIN_MESSAGE, signed.nonce());
        } catch (RuntimeException e) {
            LOG.warn("Nonce store failed while checking message {} for the owner lane ({})",
                    signed.message().messageId(), e.getClass().getSimpleName());
            return false;
        }
    }

    /**
     * Classifies an unsigned message: {@code auth} for a configured identity, else {@code external}.
     *
     * @param message the message
     * @return the trust decision
     */
    public TrustDecision classify(ChannelMessage message) {
        if (message == null) {
            throw SilasException.invalid("message", "must not be null");
        }
        if (identities.contains(new ChannelIdentity(message.channel(), message.senderId()))) {
            return TrustDecision.of(Reason.AUTHENTICATED_IDENTITY);
        }
        return TrustDecision.of(Reason.UNSIGNED);
    }

    /** {@return the freshness window in force (applied in both directions)} */
    public Duration freshnessWindow() {
        return window;
    }

    private static byte @Nullable [] signedBytesOrNull(SignedMessage signed) {
        try {
            return signed.signedBytes();
        } catch (SilasException e) {
            return null;
        }
    }

    private TrustDecision reject(String event, Reason reason, SignedMessage signed) {
        ChannelMessage message = signed.message();
        String wire = reason.name().toLowerCase(java.util.Locale.ROOT);
        AuditData data = AuditData.create().reason(wire);
        data.put("message_id", message.messageId());
        data.put("channel", message.channel());
        data.put("sender_id", message.senderId());
        if (NONCE.matcher(signed.nonce()).matches()) {
            data.put("nonce", signed.nonce());
        }
        audit.append(event, data);
        LOG.debug("Rejected owner claim of message {} from {}/{}: {}", message.messageId(), message.channel(),
                message.senderId(), wire);
        return TrustDecision.of(reason);
    }

    /**
     * Builds a {@link MessageTrust}. Each setter may be called once; {@link #build()} names every missing
     * required collaborator in one message.
     */
    public static final class Builder {
        private byte @Nullable [] ownerPublicKey;
        private @Nullable NonceStore nonceStore;
        private @Nullable AuditLog audit;
        private @Nullable Clock clock;
        private Duration freshnessWindow = DEFAULT_FRESHNESS_WINDOW;
        private @Nullable Duration retentionTtl;
        private final List<ChannelIdentity> identities = new ArrayList<>();
        private final SetOnce setters = new SetOnce("MessageTrust builder");

        private Builder() {
        }

        /**
         * {@return the owner's raw 32-byte Ed25519 public key (required)}
         *
         * @param publicKeyRaw the public key raw
         */
        public Builder ownerPublicKey(byte[] publicKeyRaw) {
            setters.once("owner_public_key");
            this.ownerPublicKey = publicKeyRaw == null ? null : publicKeyRaw.clone();
            return this;
        }

        /**
         * {@return where message nonces are recorded, domain {@code msg} (required)}
         *
         * @param store where message nonces are recorded; a nonce seen before is a replay
         */
        public Builder nonceStore(NonceStore store) {
            setters.once("nonce_store");
            this.nonceStore = store;
            return this;
        }

        /**
         * {@return where rejections are audited (required)}
         *
         * @param log the audit log that records rejected messages
         */
        public Builder audit(AuditLog log) {
            setters.once("audit");
            this.audit = log;
            return this;
        }

        /**
         * {@return the clock that decides freshness (required)}
         *
         * @param c the clock that decides freshness
         */
        public Builder clock(Clock c) {
            setters.once("clock");
            this.clock = c;
            return this;
        }

        /**
         * Maximum distance of a message timestamp from now, both directions; default 5 minutes.
         *
         * @param window the window
         * @return the builder
         */
        public Builder freshnessWindow(Duration window) {
            setters.once("freshness_window");
            if (window == null || window.isNegative() || window.isZero()) {
                throw new SilasException(ErrorCode.CONFIG_INVALID, "freshness window must be a positive duration");
            }
            this.freshnessWindow = window;
            return this;
        }

        /**
         * {@return the nonce retention in force, checked against the freshness window at {@link #build()}; default: the
         * retention for the default token TTL ({@link NonceRetention#DEFAULT_MAX_TOKEN_TTL} + 10 min)}
         *
         * @param retention the retention
         */
        public Builder nonceRetention(NonceRetention retention) {
            setters.once("nonce_retention");
            if (retention == null) {
                throw SilasException.invalid("nonce_retention", "must not be null");
            }
            this.retentionTtl = retention.ttl();
            return this;
        }

        /**
         * Channel identities whose unsigned messages are {@code auth}; default none.
         *
         * @param known the known
         * @return the builder
         */
        public Builder authenticatedIdentities(Collection<ChannelIdentity> known) {
            setters.once("authenticated_identities");
            this.identities.addAll(List.copyOf(known));
            return this;
        }

        /**
         * Builds the classifier.
         *
         * @return the message trust
         * @throws SilasException {@code MISSING_COLLABORATOR} naming what is missing (always including a missing
         *     owner key), {@code CONFIG_INVALID} for an unusable owner key or a freshness window the nonce
         *     retention does not cover
         */
        public MessageTrust build() {
            RequiredParts.of("MessageTrust")
                    .require(ownerPublicKey, "owner_public_key (the owner's raw 32-byte Ed25519 public key; there is no "
                            + "unsigned fallback)")
                    .require(nonceStore, "nonce_store")
                    .require(audit, "audit")
                    .require(clock, "clock")
                    .check();
            Ed25519Verifier verifier = Ed25519Verifier.create(ownerPublicKey).orElseThrow(() -> new SilasException(
                    ErrorCode.CONFIG_INVALID, "owner public key must be a raw 32-byte Ed25519 public key that is "
                    + "not of small order, but was " + ownerPublicKey.length + " bytes or a weak key"));
            NonceRetention.requireCovers(retentionTtl != null ? retentionTtl
                    : NonceRetention.ttlFor(NonceRetention.DEFAULT_MAX_TOKEN_TTL), freshnessWindow);
            LOG.info("Message trust ready: owner key {}, freshness window {}, {} authenticated identities",
                    SigningKeys.fingerprint(ownerPublicKey), freshnessWindow, identities.size());
            return new MessageTrust(this, verifier);
        }

    }
}
