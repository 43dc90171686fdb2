package io.silas.core.approval;

import com.google.crypto.tink.ConfigurationV0;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.util.Bytes;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.SigningKeys;
import java.security.GeneralSecurityException;

/**
 * A Tink Ed25519 verifier for the engine's own public key, built once: {@link SigningKeys#verify} builds a new
 * keyset per call, which would dominate the cost of verifying a token. Any malformed input is {@code false};
 * nothing here throws after construction. Thread-safe.
 */
final class OwnerKeyVerifier {
    private final PublicKeyVerify verify;

    private OwnerKeyVerifier(PublicKeyVerify verify) {
        this.verify = verify;
    }

    static OwnerKeyVerifier of(byte[] publicKeyRaw) {
        try {
            Ed25519PublicKey key = Ed25519PublicKey.create(Ed25519Parameters.Variant.NO_PREFIX,
                    Bytes.copyFrom(publicKeyRaw), null);
            KeysetHandle handle = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
                    .build();
            return new OwnerKeyVerifier(handle.getPrimitive(ConfigurationV0.get(), PublicKeyVerify.class));
        } catch (GeneralSecurityException e) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, "cannot build an Ed25519 verifier for the owner key: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    boolean verify(byte[] data, byte[] signature) {
        if (signature.length != SigningKeys.SIGNATURE_BYTES) {
            return false;
        }
        try {
            verify.verify(signature, data);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
