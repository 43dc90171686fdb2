package io.silas.core.trust;

import com.fasterxml.jackson.annotation.JsonValue;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A secret (API key, private keyset, password) held as a {@code char[]} that can be wiped, never as a
 * {@link String}. Values come in through {@link #copyOf(char[])} or {@link #copyOfUtf8(byte[])} and go out only
 * through the explicit, greppable {@link #revealChars()} / {@link #revealUtf8()}, which hand the caller a
 * fresh copy to wipe after use.
 *
 * <p><b>Security guarantees.</b> {@link #toString()} is {@code ***}, and so is the JSON form (Jackson writes
 * {@code "***"}), so a secret placed by mistake into a log line, an exception message or audit data leaks
 * nothing. {@link #equals(Object)} and {@link #hashCode()} are identity-based and never read the content (a
 * content hash would leak, and map lookups would run in data-dependent time); use {@link #contentEquals} for a
 * constant-time comparison. {@link #close()} overwrites the characters; any later access fails. The class is
 * not {@link java.io.Serializable}.
 *
 * <p>Thread-safety: safe to share for reading; closing while another thread reads is the caller's race.
 */
public final class SecretValue implements AutoCloseable {
    private static final String MASK = "***";

    private final char[] chars;
    private volatile boolean closed;

    private SecretValue(char[] chars) {
        this.chars = chars;
    }

    /**
     * {@return a secret holding a copy of {@code chars}; the caller still owns (and should wipe) its array}
     *
     * @param chars the chars
     */
    public static SecretValue copyOf(char[] chars) {
        if (chars == null) {
            throw SilasException.invalid("secret", "must not be null");
        }
        return new SecretValue(chars.clone());
    }

    /**
     * {@return a secret holding the UTF-8 decoding of {@code utf8}; the caller still owns (and should wipe) its array}
     *
     * @param utf8 the utf8
     */
    public static SecretValue copyOfUtf8(byte[] utf8) {
        if (utf8 == null) {
            throw SilasException.invalid("secret", "must not be null");
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8));
            char[] out = new char[decoded.remaining()];
            decoded.get(out);
            wipe(decoded);
            return new SecretValue(out);
        } catch (CharacterCodingException e) {
            throw SilasException.invalid("secret", "is not valid UTF-8");
        }
    }

    /**
     * Reveals the secret: returns a fresh copy of its characters. The caller must wipe the copy
     * ({@code Arrays.fill(chars, '\0')}) once done. Every use of a secret value goes through this method (or
     * {@link #revealUtf8()}), so a search for {@code reveal} lists them all.
     *
     * @return the char[]
     */
    public char[] revealChars() {
        ensureOpen();
        return chars.clone();
    }

    /**
     * Reveals the secret as UTF-8 bytes (a fresh array the caller must wipe).
     *
     * @return the byte[]
     */
    public byte[] revealUtf8() {
        ensureOpen();
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(chars));
            byte[] out = new byte[encoded.remaining()];
            encoded.get(out);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            return out;
        } catch (CharacterCodingException e) {
            throw new SilasException(ErrorCode.INVALID_INPUT, "secret: contains a lone surrogate and has no UTF-8 form");
        }
    }

    /** {@return number of characters} */
    public int length() {
        ensureOpen();
        return chars.length;
    }

    /** {@return whether {@link #close()} has wiped this value} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Constant-time comparison of the contents (the running time depends only on the lengths).
     *
     * @param other the other
     * @return whether it holds
     */
    public boolean contentEquals(SecretValue other) {
        byte[] mine = revealUtf8();
        byte[] theirs = other.revealUtf8();
        try {
            return MessageDigest.isEqual(mine, theirs);
        } finally {
            Arrays.fill(mine, (byte) 0);
            Arrays.fill(theirs, (byte) 0);
        }
    }

    /** Overwrites the characters. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Arrays.fill(chars, '\0');
    }

    /** Always {@code ***}; also the JSON form, so serialising a secret by mistake reveals nothing. */
    @JsonValue
    @Override
    public String toString() {
        return MASK;
    }

    /** Identity: two holders of the same secret are different objects (content is never consulted). */
    @Override
    public boolean equals(Object obj) {
        return this == obj;
    }

    /** Identity hash: independent of the content. */
    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    private void ensureOpen() {
        if (closed) {
            throw new SilasException(ErrorCode.INVALID_INPUT, "secret: already closed and wiped");
        }
    }

    private static void wipe(CharBuffer buffer) {
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), '\0');
        }
    }
}
