package io.silas.core.json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers producing lower-case hex, the hash format of every binding in the SDK. Thread-safe. */
public final class Hashes {
    /** One digest per thread: {@code MessageDigest.getInstance} is a provider lookup, costly on every hash. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    private Hashes() {
    }

    /**
     * SHA-256 of the bytes, as 64 lower-case hex characters.
     *
     * @param bytes at most the requested bound; null when refused
     * @return the string
     */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    /**
     * SHA-256 of the UTF-8 encoding of the text.
     *
     * @param text the text
     * @return the string
     */
    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * SHA-256 of the canonical JSON of the value.
     *
     * @param value the new value
     * @return the string
     */
    public static String canonicalSha256Hex(Object value) {
        return sha256Hex(CanonicalJson.bytes(value));
    }

    /**
     * Raw SHA-256 digest.
     *
     * @param bytes at most the requested bound; null when refused
     * @return the byte[]
     */
    public static byte[] sha256(byte[] bytes) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest.digest(bytes);
    }
}
