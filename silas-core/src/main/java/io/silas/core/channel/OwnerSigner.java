package io.silas.core.channel;

import io.silas.core.IdGenerator;
import io.silas.core.error.SilasException;
import io.silas.core.trust.SigningKeys;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Signs owner messages the way {@link MessageTrust} verifies them: a fresh random 128-bit nonce (32 hex
 * digits), the clock's current instant truncated to milliseconds, and an Ed25519 signature over
 * {@link SignedMessage#canonicalBytes}. For host clients (a CLI, a companion app) and tests; a browser client
 * reproduces the same bytes as documented there.
 *
 * <p><b>Security guarantees.</b> The private key stays inside {@link SigningKeys}; this class never exposes it.
 * Every call uses a new nonce, so two signed messages never share one. Thread-safe.
 */
public final class OwnerSigner {
    private final SigningKeys keys;
    private final Clock clock;

    /**
     * A signer with the owner's keys.
     *
     * @param keys the keys
     * @param clock the clock to read time from
     */
    public OwnerSigner(SigningKeys keys, Clock clock) {
        if (keys == null || clock == null) {
            throw SilasException.invalid("owner_signer", "keys and clock are required");
        }
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * A signer from the owner's raw 32-byte Ed25519 private key (the caller keeps, and should wipe, its array).
     *
     * @param rawPrivateKey the raw private key
     * @param clock the clock to read time from
     */
    public OwnerSigner(byte[] rawPrivateKey, Clock clock) {
        this(SigningKeys.fromRawPrivateKey(rawPrivateKey), clock);
    }

    /**
     * Signs {@code message} now, with a new random nonce.
     *
     * @param message the message
     * @return the signed message
     */
    public SignedMessage sign(ChannelMessage message) {
        if (message == null) {
            throw SilasException.invalid("message", "must not be null");
        }
        String nonce = IdGenerator.randomHex128();
        var timestamp = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        byte[] signature = keys.sign(SignedMessage.canonicalBytes(message.text(), timestamp, nonce));
        return new SignedMessage(message, signature, nonce, timestamp);
    }

    /** {@return the raw 32-byte public key that verifies this signer's messages} */
    public byte[] publicKey() {
        return keys.publicKey();
    }
}
