package io.silas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SigningKeys;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnerSignerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T12:00:00.123456789Z"));
    private final SigningKeys keys = SigningKeys.generate();
    private final OwnerSigner signer = new OwnerSigner(keys, clock);
    private final ChannelMessage message = ChannelMessage.of("cli", "owner", "deploy", Instant.parse("2026-02-01T11:59:00Z"));

    @Test
    void sign_signatureCoversDocumentedCanonicalBytes() {
        SignedMessage signed = signer.sign(message);

        assertThat(signed.signature()).hasSize(64);
        assertThat(SigningKeys.verify(keys.publicKey(),
                SignedMessage.canonicalBytes("deploy", signed.timestamp(), signed.nonce()), signed.signature())).isTrue();
        assertThat(signed.signedBytes()).isEqualTo(SignedMessage.canonicalBytes("deploy", signed.timestamp(), signed.nonce()));
    }

    @Test
    void sign_timestampFromClockTruncatedToMillis() {
        assertThat(signer.sign(message).timestamp()).isEqualTo(Instant.parse("2026-02-01T12:00:00.123Z"));
    }

    @Test
    void sign_everyCallNewRandomNonce() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            nonces.add(signer.sign(message).nonce());
        }
        assertThat(nonces).hasSize(200).allMatch(n -> n.matches("[0-9a-f]{32}"));
    }

    @Test
    void rawPrivateKeyConstructor_sameKeyAsSigningKeys() {
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        OwnerSigner raw = new OwnerSigner(seed, clock);

        assertThat(raw.publicKey()).isEqualTo(SigningKeys.fromRawPrivateKey(seed).publicKey());
        SignedMessage signed = raw.sign(message);
        assertThat(SigningKeys.verify(raw.publicKey(), signed.signedBytes(), signed.signature())).isTrue();
    }

    @Test
    void sign_jsonRoundTrip_stillVerifies() {
        SignedMessage signed = signer.sign(message);
        SignedMessage back = SignedMessage.fromJson(signed.toJson());

        assertThat(SigningKeys.verify(keys.publicKey(), back.signedBytes(), back.signature())).isTrue();
    }
}
