package io.silas.core.trust;

import com.google.crypto.tink.ConfigurationV0;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.util.Bytes;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A Tink Ed25519 verifier for one raw public key, built once and reused. Every failure, including malformed
 * input, is {@code false}; nothing here throws.
 *
 * <p>Public keys of small order (the identity, the points of order 2, 4 and 8, and their non-canonical
 * encodings) are refused: under such a key a signature with a small-order {@code R} and {@code S = 0} verifies
 * for a large share of all messages, so anyone could forge "owner" messages. The list is the one libsodium
 * uses (compared on the first 255 bits, ignoring the sign bit).
 *
 * <p><b>Security guarantees.</b> Shared by inbound message trust and the approval engine, so both refuse weak
 * keys and both treat every malformed signature as invalid, never as an exception. Immutable and thread-safe.
 */
public final class Ed25519Verifier {
    private static final byte[][] SMALL_ORDER = {
        HexFormat.of().parseHex("0000000000000000000000000000000000000000000000000000000000000000"),
        HexFormat.of().parseHex("0100000000000000000000000000000000000000000000000000000000000000"),
        HexFormat.of().parseHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
        HexFormat.of().parseHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
        HexFormat.of().parseHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        HexFormat.of().parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        HexFormat.of().parseHex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    };

    private final PublicKeyVerify verify;

    private Ed25519Verifier(PublicKeyVerify verify) {
        this.verify = verify;
    }

    /**
     * {@return a verifier for the key, or empty if it is not a valid raw 32-byte Ed25519 public key}
     *
     * @param publicKeyRaw the public key raw
     */
    public static Optional<Ed25519Verifier> create(byte[] publicKeyRaw) {
        if (publicKeyRaw == null || publicKeyRaw.length != SigningKeys.PUBLIC_KEY_BYTES || isSmallOrder(publicKeyRaw)) {
            return Optional.empty();
        }
        try {
            Ed25519PublicKey key = Ed25519PublicKey.create(Ed25519Parameters.Variant.NO_PREFIX,
                    Bytes.copyFrom(publicKeyRaw), null);
            KeysetHandle handle = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
                    .build();
            return Optional.of(new Ed25519Verifier(handle.getPrimitive(ConfigurationV0.get(), PublicKeyVerify.class)));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * {@return whether {@code signature} is a valid 64-byte signature of {@code data}; {@code false} on any malformed input}
     *
     * @param data the data
     * @param signature raw Ed25519 signature (64 bytes when well formed)
     */
    public boolean verify(byte[] data, byte[] signature) {
        if (data == null || signature == null || signature.length != SigningKeys.SIGNATURE_BYTES) {
            return false;
        }
        try {
            verify.verify(signature, data);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the encoded point is one of the small-order points, in any encoding of its sign bit. */
    static boolean isSmallOrder(byte[] publicKeyRaw) {
        for (byte[] weak : SMALL_ORDER) {
            int diff = (publicKeyRaw[31] & 0x7f) ^ weak[31];
            for (int i = 0; i < 31; i++) {
                diff |= publicKeyRaw[i] ^ weak[i];
            }
            if (diff == 0) {
                return true;
            }
        }
        return false;
    }
}
