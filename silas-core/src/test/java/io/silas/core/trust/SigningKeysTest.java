package io.silas.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.Ed25519Verify;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] X509_ED25519_PREFIX = HEX.parseHex("302a300506032b6570032100");
    private static final byte[] DATA = "approve plan 42".getBytes(StandardCharsets.UTF_8);

    @Nested
    class Rfc8032 {
        @Test
        void sign_test1EmptyMessage_matchesVectorExactly() {
            assertVector("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        }

        @Test
        void sign_test2OneByteMessage_matchesVectorExactly() {
            assertVector("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                    "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
        }

        private void assertVector(String secret, String publicKey, String message, String signature) {
            SigningKeys keys = SigningKeys.fromRawPrivateKey(HEX.parseHex(secret));
            assertThat(HEX.formatHex(keys.publicKey())).isEqualTo(publicKey);
            byte[] sig = keys.sign(HEX.parseHex(message));
            assertThat(HEX.formatHex(sig)).isEqualTo(signature);
            assertThat(SigningKeys.verify(HEX.parseHex(publicKey), HEX.parseHex(message), HEX.parseHex(signature))).isTrue();
        }
    }

    @Nested
    class JdkCrossCheck {
        @Test
        void verify_jdkSignature_accepted() throws Exception {
            KeyPair jdk = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(jdk.getPrivate());
            signer.update(DATA);
            byte[] sig = signer.sign();

            assertThat(sig).hasSize(SigningKeys.SIGNATURE_BYTES);
            assertThat(SigningKeys.verify(rawPublicKey(jdk.getPublic()), DATA, sig)).isTrue();
            assertThat(SigningKeys.verify(rawPublicKey(jdk.getPublic()), "other".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
        }

        @Test
        void sign_verifiedByJdk() throws Exception {
            SigningKeys keys = SigningKeys.generate();
            byte[] sig = keys.sign(DATA);

            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(jdkPublicKey(keys.publicKey()));
            verifier.update(DATA);
            assertThat(verifier.verify(sig)).isTrue();
        }

        @Test
        void fromRawPrivateKey_jdkSeed_samePublicKeyAndSignature() throws Exception {
            KeyPair jdk = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] seed = ((EdECPrivateKey) jdk.getPrivate()).getBytes().orElseThrow();
            SigningKeys keys = SigningKeys.fromRawPrivateKey(seed);

            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(jdk.getPrivate());
            signer.update(DATA);
            assertThat(keys.publicKey()).isEqualTo(rawPublicKey(jdk.getPublic()));
            assertThat(keys.sign(DATA)).isEqualTo(signer.sign());
        }
    }

    @Nested
    class Verify {
        private final SigningKeys keys = SigningKeys.generate();
        private final byte[] sig = keys.sign(DATA);

        @Test
        void verify_validSignature_true() {
            assertThat(SigningKeys.verify(keys.publicKey(), DATA, sig)).isTrue();
        }

        @Test
        void verify_malformedInputs_falseNeverThrows() {
            byte[] pub = keys.publicKey();
            assertThat(SigningKeys.verify(pub, DATA, new byte[0])).isFalse();
            assertThat(SigningKeys.verify(pub, DATA, Arrays.copyOf(sig, 63))).isFalse();
            assertThat(SigningKeys.verify(pub, DATA, Arrays.copyOf(sig, 65))).isFalse();
            assertThat(SigningKeys.verify(pub, DATA, new byte[64])).isFalse();
            assertThat(SigningKeys.verify(pub, DATA, null)).isFalse();
            assertThat(SigningKeys.verify(pub, null, sig)).isFalse();
            assertThat(SigningKeys.verify(null, DATA, sig)).isFalse();
            assertThat(SigningKeys.verify(new byte[31], DATA, sig)).isFalse();
            byte[] garbage = new byte[64];
            Arrays.fill(garbage, (byte) 0xff);
            assertThat(SigningKeys.verify(pub, DATA, garbage)).isFalse();
        }

        @Test
        void verify_flippedBit_false() {
            for (int i = 0; i < sig.length; i += 7) {
                byte[] flipped = sig.clone();
                flipped[i] ^= 1;
                assertThat(SigningKeys.verify(keys.publicKey(), DATA, flipped)).as("bit flipped at %d", i).isFalse();
            }
        }

        @Test
        void verify_anotherKey_false() {
            assertThat(SigningKeys.verify(SigningKeys.generate().publicKey(), DATA, sig)).isFalse();
        }

        @Test
        void verify_smallOrderPublicKey_refusedAlthoughForgeable() throws Exception {
            // R = identity point, S = 0: under a small-order key this verifies for many messages.
            byte[] forged = new byte[64];
            forged[0] = 1;
            for (String weak : new String[] {
                "0100000000000000000000000000000000000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000000",
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"}) {
                byte[] pub = HEX.parseHex(weak);
                byte[] message = forgeableMessage(pub, forged);
                assertThat(message).as("raw Tink accepts a forgery under %s", weak).isNotNull();
                assertThat(SigningKeys.verify(pub, message, forged)).as("refused key %s", weak).isFalse();
            }
        }

        @Test
        void verify_signBitVariantOfSmallOrderKey_refused() {
            byte[] pub = HEX.parseHex("0100000000000000000000000000000000000000000000000000000000000080");
            assertThat(Ed25519Verifier.isSmallOrder(pub)).isTrue();
            assertThat(Ed25519Verifier.isSmallOrder(SigningKeys.generate().publicKey())).isFalse();
        }

        private byte[] forgeableMessage(byte[] pub, byte[] forged) throws Exception {
            Ed25519Verify raw = new Ed25519Verify(pub);
            for (int i = 0; i < 256; i++) {
                byte[] message = ("forged owner message " + i).getBytes(StandardCharsets.UTF_8);
                try {
                    raw.verify(forged, message);
                    return message;
                } catch (java.security.GeneralSecurityException e) {
                    // try the next message
                }
            }
            return null;
        }
    }

    @Nested
    class Persistence {
        @Test
        void loadOrCreate_sameStoreAndRef_sameKey() {
            SecretStore store = SecretStore.inMemory();
            SigningKeys first = SigningKeys.loadOrCreate(store, "owner-signing-key");
            SigningKeys again = SigningKeys.loadOrCreate(store, "owner-signing-key");

            assertThat(again.publicKey()).isEqualTo(first.publicKey());
            assertThat(SigningKeys.verify(first.publicKey(), DATA, again.sign(DATA))).isTrue();
        }

        @Test
        void loadOrCreate_encryptedFileStoreReopened_sameKey(@TempDir Path tmp) {
            MasterKeySource key = MasterKeySource.fromFile(MasterKeySource.generateKeyFile(tmp.resolve("keys/master.key")));
            byte[] before = SigningKeys.loadOrCreate(SecretStore.encryptedFile(tmp.resolve("data"), key), "owner").publicKey();

            SigningKeys after = SigningKeys.loadOrCreate(SecretStore.encryptedFile(tmp.resolve("data"), key), "owner");

            assertThat(after.publicKey()).isEqualTo(before);
        }

        @Test
        void loadOrCreate_concurrentFirstUse_allGetTheStoredKey() throws Exception {
            SecretStore store = SecretStore.inMemory();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<byte[]>> keys = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    keys.add(pool.submit(() -> SigningKeys.loadOrCreate(store, "owner").publicKey()));
                }
                byte[] stored = SigningKeys.loadOrCreate(store, "owner").publicKey();
                for (Future<byte[]> k : keys) {
                    assertThat(k.get()).isEqualTo(stored);
                }
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void loadOrCreate_differentRefs_differentKeys() {
            SecretStore store = SecretStore.inMemory();
            assertThat(SigningKeys.loadOrCreate(store, "a").publicKey())
                    .isNotEqualTo(SigningKeys.loadOrCreate(store, "b").publicKey());
        }

        @Test
        void loadOrCreate_storedValueNotAKeyset_failsAndKeepsValue() {
            SecretStore store = SecretStore.inMemory();
            try (SecretValue junk = SecretValue.copyOf("not-a-keyset".toCharArray())) {
                store.put("owner", junk);
            }

            assertThatThrownBy(() -> SigningKeys.loadOrCreate(store, "owner"))
                    .isInstanceOfSatisfying(SilasException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_STORE_FAILURE);
                        assertThat(e.getMessage()).contains("does not hold a valid Ed25519 keyset").doesNotContain("not-a-keyset");
                    });
            try (SecretValue kept = store.get("owner").orElseThrow()) {
                assertThat(new String(kept.revealChars())).isEqualTo("not-a-keyset");
            }
        }

        @Test
        void loadOrCreate_wrongMasterKey_masterKeyErrorNotNewKey(@TempDir Path tmp) {
            Path data = tmp.resolve("data");
            MasterKeySource right = MasterKeySource.fromFile(MasterKeySource.generateKeyFile(tmp.resolve("right.key")));
            MasterKeySource wrong = MasterKeySource.fromFile(MasterKeySource.generateKeyFile(tmp.resolve("wrong.key")));
            SigningKeys.loadOrCreate(SecretStore.encryptedFile(data, right), "owner");

            assertThatThrownBy(() -> SigningKeys.loadOrCreate(SecretStore.encryptedFile(data, wrong), "owner"))
                    .isInstanceOfSatisfying(SilasException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_STORE_FAILURE);
                        assertThat(e.getMessage()).contains("master key does not match this secret store")
                                .doesNotContainIgnoringCase("no keypair");
                    });
        }

        @Test
        void toString_showsFingerprintOnly() {
            SigningKeys keys = SigningKeys.generate();
            assertThat(keys.toString()).isEqualTo("SigningKeys[ed25519 " + keys.fingerprint() + "]");
        }
    }

    @Test
    void fromRawPrivateKey_wrongLength_invalidInput() {
        assertThatThrownBy(() -> SigningKeys.fromRawPrivateKey(new byte[31]))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    static byte[] rawPublicKey(PublicKey jdkKey) {
        byte[] encoded = jdkKey.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }

    static PublicKey jdkPublicKey(byte[] raw) throws Exception {
        byte[] encoded = Arrays.copyOf(X509_ED25519_PREFIX, X509_ED25519_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, encoded, X509_ED25519_PREFIX.length, raw.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    }

}
