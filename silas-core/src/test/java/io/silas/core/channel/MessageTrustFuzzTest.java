package io.silas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.SilasException;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.TaintLevel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Fuzzes the inbound path an attacker controls end to end: arbitrary bytes as signed-message JSON. Parsing may
 * reject them ({@code SilasException}); anything that parses must classify without throwing and never as
 * {@code owner} (the attacker does not have the owner key). Regression mode replays the committed seeds.
 */
class MessageTrustFuzzTest {
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-02-01T12:00:00Z"));
    private static final MessageTrust TRUST = MessageTrust.builder()
            .ownerPublicKey(SigningKeys.generate().publicKey())
            .nonceStore(NonceStore.inMemory())
            .audit(AuditLog.inMemory(CLOCK))
            .clock(CLOCK)
            .build();

    @FuzzTest(maxDuration = "30s")
    void classify_arbitrarySignedJson_neverOwnerNeverThrows(byte[] input) {
        SignedMessage message;
        try {
            message = SignedMessage.fromJson(new String(input, StandardCharsets.UTF_8));
        } catch (SilasException e) {
            return;
        }
        assertThat(TRUST.classify(message).taint()).isNotEqualTo(TaintLevel.OWNER);
        assertThat(TRUST.classify(message.message()).taint()).isEqualTo(TaintLevel.EXTERNAL);
    }
}
