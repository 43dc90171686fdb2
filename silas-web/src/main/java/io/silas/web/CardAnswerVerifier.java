package io.silas.web;

import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a {@link SignedCardAnswer} comes from the owner's enrolled device, now. Checks, in order: a device
 * key is enrolled; the signature is 64 bytes and verifies under that key over {@link SignedCardAnswer#signedBytes()};
 * the nonce is 16–128 characters of {@code [A-Za-z0-9._:+/=-]}; the timestamp lies within the freshness window
 * (both directions); the nonce was never used in domain {@value #NONCE_DOMAIN} (recorded atomically, so of two
 * deliveries of one signed answer at most one is accepted).
 *
 * <p><b>Security guarantees:</b> the only path to {@link Verdict#ACCEPTED} is a valid Ed25519 signature by the
 * enrolled owner device key over fresh content with a never-used nonce; malformed input never throws, it is refused.
 * The freshness check runs before the nonce is recorded, so a stale answer consumes nothing. Thread-safe.
 */
public final class CardAnswerVerifier {
    /** Nonce domain of signed card answers (separate from signed messages' {@code msg}). */
    public static final String NONCE_DOMAIN = "card";
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9._:+/=-]{16,128}");

    /** Outcome of a verification; every value but {@link #ACCEPTED} refuses the answer. */
    public enum Verdict {
        /** Signed by the enrolled owner device, fresh and never seen before: the answer counts as the owner's. */
        ACCEPTED,
        /** No owner device is enrolled, so no answer can be the owner's. */
        NOT_ENROLLED,
        /** The signature is malformed or does not verify under the enrolled device key. */
        SIGNATURE_INVALID,
        /** The nonce is not 16–128 characters of the allowed set. */
        NONCE_INVALID,
        /** Signed longer ago than the freshness window allows. */
        STALE_TIMESTAMP,
        /** Signed further in the future than the freshness window allows. */
        FUTURE_TIMESTAMP,
        /** The nonce was used before: a replay. */
        REPLAYED_NONCE,
        /** The nonce store failed, so a replay cannot be ruled out (fail closed). */
        NONCE_STORE_UNAVAILABLE;

        /** {@return the snake_case reason sent to the client and written to the audit log} */
        public String reason() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final OwnerDevice device;
    private final NonceStore nonces;
    private final Clock clock;
    private final Duration window;

    /**
     * A verifier against the enrolled key of {@code device}.
     *
     * @param device the device
     * @param nonces the nonces
     * @param clock the clock to read time from
     * @param freshnessWindow the freshness window
     */
    public CardAnswerVerifier(OwnerDevice device, NonceStore nonces, Clock clock, Duration freshnessWindow) {
        this.device = device;
        this.nonces = nonces;
        this.clock = clock;
        this.window = freshnessWindow;
    }

    /**
     * Verifies {@code answer} and, when it is accepted, consumes its nonce.
     *
     * @param answer the answer
     * @return the verdict
     */
    public Verdict verify(@Nullable SignedCardAnswer answer) {
        byte[] key = device.publicKey().orElse(null);
        if (key == null) {
            return Verdict.NOT_ENROLLED;
        }
        if (answer == null) {
            return Verdict.SIGNATURE_INVALID;
        }
        byte[] signedBytes;
        try {
            signedBytes = answer.signedBytes();
        } catch (RuntimeException e) {
            return Verdict.SIGNATURE_INVALID;
        }
        if (!SigningKeys.verify(key, signedBytes, answer.signature())) {
            return Verdict.SIGNATURE_INVALID;
        }
        if (!NONCE.matcher(answer.nonce()).matches()) {
            return Verdict.NONCE_INVALID;
        }
        Instant now = clock.instant();
        if (answer.timestamp().isBefore(now.minus(window))) {
            return Verdict.STALE_TIMESTAMP;
        }
        if (answer.timestamp().isAfter(now.plus(window))) {
            return Verdict.FUTURE_TIMESTAMP;
        }
        try {
            return nonces.recordIfAbsent(NONCE_DOMAIN, answer.nonce(), now) ? Verdict.ACCEPTED
                    : Verdict.REPLAYED_NONCE;
        } catch (RuntimeException e) {
            return Verdict.NONCE_STORE_UNAVAILABLE;
        }
    }
}
