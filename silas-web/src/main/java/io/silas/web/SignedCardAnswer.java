package io.silas.web;

import io.silas.core.channel.SignedMessage;
import io.silas.core.error.SilasException;
import io.silas.core.json.CanonicalJson;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * A card answer signed by the owner's device key (the browser's non-extractable Ed25519 key).
 *
 * <p><b>Signed bytes</b> ({@link #canonicalBytes}): {@code UTF-8(JSON.stringify({card_id, choice, nonce,
 * timestamp}))} — the canonical JSON of exactly those four keys (sorted, no whitespace, lower-case {@code \}{@code
 * u00XX} escapes), {@code timestamp} in {@link SignedMessage#formatTimestamp the signed-message format}
 * ({@code yyyy-MM-ddTHH:mm:ss.SSSZ}, UTC) and {@code nonce} 32 lower-case hex digits from 128 random bits. The key
 * set differs from a signed message's ({@code nonce, text, timestamp}), so a message signature never verifies as a
 * card answer and the reverse.
 *
 * <p><b>Security guarantees:</b> the card id and the choice are inside the signed bytes, so neither can be changed
 * and a signature for one card never answers another; the nonce makes each signed answer single-use (checked by
 * {@link CardAnswerVerifier}). Immutable; {@link #signature()} returns a copy.
 *
 * @param cardId the card answered
 * @param choice the chosen action value
 * @param nonce the single-use nonce
 * @param timestamp when the device signed the answer (millisecond precision)
 * @param signature the raw 64-byte Ed25519 signature
 */
public record SignedCardAnswer(String cardId, String choice, String nonce, Instant timestamp, byte[] signature) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param cardId    the card answered
     * @param choice    the chosen action value
     * @param nonce     the single-use nonce
     * @param timestamp when the device signed the answer (millisecond precision)
     * @param signature the raw 64-byte Ed25519 signature /
public
     */
    public SignedCardAnswer {
        if (cardId == null || cardId.isBlank() || choice == null || choice.isBlank()) {
            throw SilasException.invalid("card_answer", "card_id and choice must not be blank");
        }
        if (nonce == null || timestamp == null || signature == null) {
            throw SilasException.invalid("card_answer", "nonce, timestamp and signature are required");
        }
        signature = signature.clone();
    }

    /** {@return the bytes the device key signs for this answer} */
    public byte[] signedBytes() {
        return canonicalBytes(cardId, choice, nonce, timestamp);
    }

    /**
     * {@return the bytes a device signs for answering {@code cardId} with {@code choice}}
     *
     * @param cardId the card answered
     * @param choice the chosen action value
     * @param nonce the single-use nonce
     * @param timestamp when the device signed the answer (millisecond precision)
     */
    public static byte[] canonicalBytes(String cardId, String choice, String nonce, Instant timestamp) {
        // SignedMessage.canonicalBytes validates the timestamp's range and precision the same way for both kinds.
        SignedMessage.canonicalBytes("", timestamp, nonce);
        return CanonicalJson.bytes(Map.of("card_id", cardId, "choice", choice, "nonce", nonce,
                "timestamp", SignedMessage.formatTimestamp(timestamp)));
    }

    /** {@return the signature} */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof SignedCardAnswer o && cardId.equals(o.cardId) && choice.equals(o.choice)
                && nonce.equals(o.nonce) && timestamp.equals(o.timestamp) && Arrays.equals(signature, o.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cardId, choice, nonce, timestamp, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "SignedCardAnswer[card_id=" + cardId + ", choice=" + choice + ", nonce=" + nonce + ", timestamp="
                + SignedMessage.formatTimestamp(timestamp) + ", signature="
                + Base64.getEncoder().encodeToString(signature) + "]";
    }
}
