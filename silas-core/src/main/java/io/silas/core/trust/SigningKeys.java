package io.silas.core.trust;

import com.google.crypto.tink.ConfigurationV0;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.signature.SignatureConfig;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Hashes;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's Ed25519 key pair (Tink, {@link Ed25519Parameters.Variant#NO_PREFIX}), used to sign approval
 * tokens and, on host clients, owner messages. Interchange formats are RFC 8032's: a raw 32-byte public key
 * and raw 64-byte signatures, so a browser (WebCrypto / tweetnacl) or the JDK's own {@code Ed25519} verifies
 * them unchanged.
 *
 * <p><b>Security guarantees.</b> The private key exists only inside a Tink keyset: persisted solely in a
 * {@link SecretStore} (as a serialized keyset in a {@link SecretValue}), never in logs, config, audit,
 * exceptions or {@code toString()} (which shows the public-key fingerprint). {@link #loadOrCreate} generates a
 * key only when the ref holds none; a store that cannot be decrypted fails ({@code SECRET_STORE_FAILURE})
 * instead of being replaced by a new key. {@link #verify} never throws on malformed input: any bad key,
 * signature or data is simply {@code false}. Instances are immutable and thread-safe.
 */
public final class SigningKeys {
    /** Length of a raw public key. */
    public static final int PUBLIC_KEY_BYTES = 32;
    /** Length of a raw private key (the RFC 8032 seed). */
    public static final int PRIVATE_KEY_BYTES = 32;
    /** Length of a raw signature. */
    public static final int SIGNATURE_BYTES = 64;

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    private final KeysetHandle keyset;
    private final PublicKeySign signer;
    private final byte[] publicKey;

    private SigningKeys(KeysetHandle keyset) throws GeneralSecurityException {
        this.keyset = keyset;
        this.signer = keyset.getPrimitive(ConfigurationV0.get(), PublicKeySign.class);
        Ed25519PrivateKey key = (Ed25519PrivateKey) keyset.getPrimary().getKey();
        this.publicKey = key.getPublicKey().getPublicKeyBytes().toByteArray();
    }

    /**
     * Loads the keyset stored under {@code ref}, or generates a new key pair and stores it there if the ref is
     * empty. The same store and ref give the same key after a restart. Concurrent calls on one store object
     * are serialized (on the store's monitor) so they all return the key that ends up stored; two processes
     * sharing one store file are not supported.
     *
     * @param store the secret store that holds (or receives) the private key
     * @param ref the ref
     * @return the signing keys
     * @throws SilasException {@code SECRET_STORE_FAILURE} if the stored value is not a valid Ed25519 keyset, or
     *     if the store cannot decrypt it (never silently replaced)
     */
    public static SigningKeys loadOrCreate(SecretStore store, String ref) {
        SecretStore.requireValidRef(ref);
        synchronized (store) {
            Optional<SecretValue> existing = store.get(ref);
            if (existing.isPresent()) {
                try (SecretValue value = existing.get()) {
                    return fromStoredKeyset(value, ref);
                }
            }
            SigningKeys created = generate();
            try (SecretValue serialized = created.serializedKeyset()) {
                store.put(ref, serialized);
            }
            LOG.info("Generated a new Ed25519 signing key under secret ref {} (public key fingerprint {})",
                    ref, created.fingerprint());
            return created;
        }
    }

    /** {@return a fresh random key pair held only in memory (tests, ephemeral hosts)} */
    public static SigningKeys generate() {
        SecretBytes seed = SecretBytes.randomBytes(PRIVATE_KEY_BYTES);
        byte[] raw = seed.toByteArray(InsecureSecretKeyAccess.get());
        try {
            return fromRawPrivateKey(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Keys from a raw 32-byte RFC 8032 private key (seed), e.g. for a host client that holds the owner's key
     * itself. The caller keeps, and should wipe, its array.
     *
     * @param privateKey the private key
     * @return the signing keys
     */
    public static SigningKeys fromRawPrivateKey(byte[] privateKey) {
        if (privateKey == null || privateKey.length != PRIVATE_KEY_BYTES) {
            throw SilasException.invalid("privateKey", "must be " + PRIVATE_KEY_BYTES + " raw bytes");
        }
        try {
            Ed25519Sign.KeyPair pair = Ed25519Sign.KeyPair.newKeyPairFromSeed(privateKey);
            Ed25519PublicKey publicKey = Ed25519PublicKey.create(Ed25519Parameters.Variant.NO_PREFIX,
                    Bytes.copyFrom(pair.getPublicKey()), null);
            byte[] pairPrivate = pair.getPrivateKey();
            Ed25519PrivateKey key = Ed25519PrivateKey.create(publicKey,
                    SecretBytes.copyFrom(pairPrivate, InsecureSecretKeyAccess.get()));
            Arrays.fill(pairPrivate, (byte) 0);
            KeysetHandle handle = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
                    .build();
            return new SigningKeys(handle);
        } catch (GeneralSecurityException e) {
            throw new SilasException(ErrorCode.INTERNAL, "cannot build an Ed25519 key: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Verifies a raw 64-byte Ed25519 signature by a raw 32-byte public key. Returns {@code false} (never throws)
     * for a wrong signature, a signature of the wrong length, an invalid public key or any {@code null}.
     *
     * @param publicKeyRaw the public key raw
     * @param data the data
     * @param signature raw Ed25519 signature (64 bytes when well formed)
     * @return whether it holds
     */
    public static boolean verify(byte[] publicKeyRaw, byte[] data, byte[] signature) {
        return Ed25519Verifier.create(publicKeyRaw).map(v -> v.verify(data, signature)).orElse(false);
    }

    /** {@return the raw 32-byte public key (a fresh copy)} */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * Hex SHA-256 of the public key, shortened to 16 digits; safe to log.
     *
     * @return the string
     */
    public String fingerprint() {
        return fingerprint(publicKey);
    }

    /**
     * Hex SHA-256 of a raw public key, shortened to 16 digits; safe to log.
     *
     * @param publicKeyRaw the public key raw
     * @return the string
     */
    public static String fingerprint(byte[] publicKeyRaw) {
        return Hashes.sha256Hex(publicKeyRaw).substring(0, 16);
    }

    /**
     * Signs {@code data}; returns the raw 64-byte signature.
     *
     * @param data the data
     * @return the byte[]
     */
    public byte[] sign(byte[] data) {
        if (data == null) {
            throw SilasException.invalid("data", "must not be null");
        }
        try {
            return signer.sign(data);
        } catch (GeneralSecurityException e) {
            throw new SilasException(ErrorCode.INTERNAL, "Ed25519 signing failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Shows the public-key fingerprint only. */
    @Override
    public String toString() {
        return "SigningKeys[ed25519 " + fingerprint() + "]";
    }

    private SecretValue serializedKeyset() {
        byte[] serialized = null;
        byte[] encoded = null;
        try {
            registerKeysetSerialization();
            serialized = TinkProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get(),
                    RegistryConfiguration.get());
            encoded = Base64.getEncoder().encode(serialized);
            return SecretValue.copyOfUtf8(encoded);
        } catch (GeneralSecurityException e) {
            throw new SilasException(ErrorCode.INTERNAL, "cannot serialise the signing keyset: "
                    + e.getClass().getSimpleName(), e);
        } finally {
            wipe(serialized);
            wipe(encoded);
        }
    }

    private static SigningKeys fromStoredKeyset(SecretValue value, String ref) {
        byte[] encoded = value.revealUtf8();
        byte[] serialized = null;
        try {
            serialized = Base64.getDecoder().decode(encoded);
            registerKeysetSerialization();
            KeysetHandle handle = TinkProtoKeysetFormat.parseKeyset(serialized, InsecureSecretKeyAccess.get(),
                    RegistryConfiguration.get());
            if (handle.size() != 1 || !(handle.getPrimary().getKey() instanceof Ed25519PrivateKey key)
                    || key.getParameters().getVariant() != Ed25519Parameters.Variant.NO_PREFIX) {
                throw new SilasException(ErrorCode.SECRET_STORE_FAILURE,
                        "secret '" + ref + "' does not hold a single NO_PREFIX Ed25519 private keyset");
            }
            return new SigningKeys(handle);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SilasException(ErrorCode.SECRET_STORE_FAILURE,
                    "secret '" + ref + "' does not hold a valid Ed25519 keyset");
        } finally {
            wipe(encoded);
            wipe(serialized);
        }
    }

    /**
     * Tink's proto keyset format finds key serializers only through its global registry
     * ({@code ConfigurationV0} does not cover keyset serialization); registering the signature key types is
     * idempotent and adds no trust decision.
     */
    private static void registerKeysetSerialization() throws GeneralSecurityException {
        SignatureConfig.register();
    }

    private static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
