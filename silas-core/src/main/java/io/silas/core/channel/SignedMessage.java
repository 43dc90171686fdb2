package io.silas.core.channel;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.silas.core.error.SilasException;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * A channel message carrying the owner's Ed25519 signature (docs/contracts.md#inbound-message-trust). The signature
 * covers exactly the {@linkplain #canonicalBytes(String, Instant, String) canonical bytes} of the message text, this
 * record's
 * {@code timestamp} (the signing time) and the single-use {@code nonce}. Channel, sender, attachments and
 * metadata are not signed and carry no trust.
 *
 * <p>Wire form (snake_case JSON, unknown fields rejected by {@link #fromJson}): {@code message} (a
 * {@link ChannelMessage}), {@code signature} (the raw 64-byte signature in standard base64 with padding),
 * {@code nonce}, {@code timestamp} (exactly {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, the string that was signed). There
 * is deliberately no {@code taint} field: trust is decided by {@code io.silas.core.channel.MessageTrust}, never
 * carried in the message.
 *
 * <p>The record accepts any signature bytes and any nonce string (a malformed one is classified
 * {@code external}, never rejected with an exception), but the timestamp must have whole-millisecond precision
 * and a four-digit year so that its canonical string is unambiguous. The signature array is copied in and out.
 *
 * @param message the underlying message
 * @param signature raw Ed25519 signature (64 bytes when well formed)
 * @param nonce single-use nonce for replay protection
 * @param timestamp when the owner signed the message (UTC, millisecond precision)
 */
public record SignedMessage(ChannelMessage message, byte[] signature, String nonce,
                            @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = SignedMessage.TIMESTAMP_PATTERN,
                                    timezone = "UTC") Instant timestamp) {
    /** Pattern of the signed timestamp string: ISO-8601 UTC with exactly three fractional digits. */
    public static final String TIMESTAMP_PATTERN = "uuuu-MM-dd'T'HH:mm:ss.SSS'Z'";

    private static final DateTimeFormatter TIMESTAMP_FORMAT =
            DateTimeFormatter.ofPattern(TIMESTAMP_PATTERN).withZone(ZoneOffset.UTC);
    private static final Instant MIN_TIMESTAMP = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999Z");

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param message   the underlying message
     * @param signature raw Ed25519 signature (64 bytes when well formed)
     * @param nonce     single-use nonce for replay protection
     * @param timestamp when the owner signed the message (UTC, millisecond precision) /
public
     */
    public SignedMessage {
        if (message == null) {
            throw SilasException.invalid("message", "must not be null");
        }
        if (signature == null) {
            throw SilasException.invalid("signature", "must not be null");
        }
        signature = signature.clone();
        if (nonce == null) {
            throw SilasException.invalid("nonce", "must not be null");
        }
        requireSignableTimestamp(timestamp);
    }

    /**
     * The exact bytes the owner signs: the UTF-8 canonical JSON ({@code io.silas.core.json.CanonicalJson}: keys
     * sorted, no whitespace, non-ASCII characters written literally) of an object with exactly the keys
     * {@code nonce}, {@code text} and {@code timestamp}, where the timestamp is formatted as
     * {@code yyyy-MM-ddTHH:mm:ss.SSSZ} in UTC (what JavaScript's {@code Date.prototype.toISOString()} returns).
     *
     * <p>Example: text {@code hello}, timestamp 2026-02-01 12:00 UTC, nonce {@code 0123456789abcdef} give
     * the 82 bytes
     * <pre>{@code {"nonce":"0123456789abcdef","text":"hello","timestamp":"2026-02-01T12:00:00.000Z"}}</pre>
     * A browser reproduces this with
     * {@code JSON.stringify({nonce, text, timestamp: date.toISOString()})} (insertion order equals sorted order)
     * encoded as UTF-8: string escaping is the same ({@code "} and {@code \} backslash-escaped,
     * {@code \b \f \n \r \t} in their short forms, other control characters below U+0020 as
     * {@code \}{@code u00xx} with lower-case hex digits).
     *
     * @param text the text
     * @param timestamp when the message was received
     * @param nonce single-use nonce for replay protection
     * @return the byte[]
     * @throws SilasException {@code INVALID_INPUT} for a null argument or a timestamp that is not signable
     */
    public static byte[] canonicalBytes(String text, Instant timestamp, String nonce) {
        if (text == null) {
            throw SilasException.invalid("text", "must not be null");
        }
        if (nonce == null) {
            throw SilasException.invalid("nonce", "must not be null");
        }
        requireSignableTimestamp(timestamp);
        return CanonicalJson.bytes(Map.of("nonce", nonce, "text", text, "timestamp", formatTimestamp(timestamp)));
    }

    /**
     * {@return the signed timestamp string of an instant: {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, UTC, truncated to millis}
     *
     * @param timestamp when the message was received
     */
    public static String formatTimestamp(Instant timestamp) {
        return TIMESTAMP_FORMAT.format(timestamp);
    }

    /**
     * Reads a signed message from JSON; unknown fields and invalid values are {@code INVALID_INPUT}.
     *
     * @param json the JSON text
     * @return the signed message
     */
    public static SignedMessage fromJson(String json) {
        return Json.readStrict(json, SignedMessage.class);
    }

    /** {@return this signed message as JSON} */
    public String toJson() {
        return Json.write(this);
    }

    /** {@return the bytes this message's signature must cover} */
    public byte[] signedBytes() {
        return canonicalBytes(message.text(), timestamp, nonce);
    }

    /** {@return a copy of the raw signature} */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * {@return a copy with another underlying message (same signature, nonce and timestamp)}
     *
     * @param newMessage the new message
     */
    public SignedMessage withMessage(ChannelMessage newMessage) {
        return new SignedMessage(newMessage, signature, nonce, timestamp);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof SignedMessage other && message.equals(other.message)
                && Arrays.equals(signature, other.signature) && nonce.equals(other.nonce)
                && timestamp.equals(other.timestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(message, Arrays.hashCode(signature), nonce, timestamp);
    }

    /** Shows ids, the nonce and the signature in base64; the message text is omitted. */
    @Override
    public String toString() {
        return "SignedMessage[message=" + message + ", signature=" + Base64.getEncoder().encodeToString(signature)
                + ", nonce=" + nonce + ", timestamp=" + formatTimestamp(timestamp) + "]";
    }

    private static void requireSignableTimestamp(Instant timestamp) {
        if (timestamp == null) {
            throw SilasException.invalid("timestamp", "must not be null");
        }
        if (timestamp.getNano() % 1_000_000 != 0) {
            throw SilasException.invalid("timestamp", "must have millisecond precision");
        }
        if (timestamp.isBefore(MIN_TIMESTAMP) || timestamp.isAfter(MAX_TIMESTAMP)) {
            throw SilasException.invalid("timestamp", "must lie in years 0000-9999");
        }
    }
}
