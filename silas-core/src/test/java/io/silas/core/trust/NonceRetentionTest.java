package io.silas.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.audit.AuditLog;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.SignedMessage;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.TrustDecision.Reason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NonceRetentionTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T12:00:00Z"));
    private final NonceStore store = NonceStore.inMemory();

    @Test
    void ttl_isMaxTokenTtlPlusTenMinutes() {
        assertThat(NonceRetention.of(store, Duration.ofMinutes(30)).ttl()).isEqualTo(Duration.ofMinutes(40));
        assertThat(NonceRetention.withDefaults(store).ttl()).isEqualTo(Duration.ofMinutes(40));
        assertThat(NonceRetention.ttlFor(Duration.ofHours(24))).isEqualTo(Duration.ofHours(24).plusMinutes(10));
    }

    @Test
    void ttlFor_nonPositive_configInvalid() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), null}) {
            assertThatThrownBy(() -> NonceRetention.ttlFor(bad))
                    .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
        }
    }

    @Test
    void requireCovers_windowHalfOfRetentionOrMore_configInvalid() {
        NonceRetention retention = NonceRetention.withDefaults(store);
        retention.requireCovers(Duration.ofMinutes(5));
        retention.requireCovers(Duration.ofMinutes(19));

        assertThatThrownBy(() -> retention.requireCovers(Duration.ofMinutes(20)))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
        assertThatThrownBy(() -> retention.requireCovers(Duration.ofMinutes(40))).isInstanceOf(SilasException.class);
    }

    @Test
    void pruneExpired_removesOnlyRecordsOlderThanTtl_returnsCount() {
        NonceRetention retention = NonceRetention.withDefaults(store);
        Instant now = clock.instant();
        store.recordIfAbsent("msg", "old-1", now.minus(Duration.ofMinutes(41)));
        store.recordIfAbsent("exec", "old-2", now.minus(Duration.ofHours(3)));
        store.recordIfAbsent("msg", "recent", now.minus(Duration.ofMinutes(39)));

        assertThat(retention.pruneExpired(clock)).isEqualTo(2);
        assertThat(store.isUsed("msg", "recent")).isTrue();
        assertThat(store.isUsed("msg", "old-1")).isFalse();
        assertThat(retention.pruneExpired(clock)).isZero();
    }

    @Test
    void replayAfterPrune_alreadyStaleSoNeverOwnerAgain() {
        SigningKeys keys = SigningKeys.generate();
        MessageTrust trust = MessageTrust.builder().ownerPublicKey(keys.publicKey()).nonceStore(store)
                .audit(AuditLog.inMemory(clock)).clock(clock).build();
        NonceRetention retention = NonceRetention.withDefaults(store);
        ChannelMessage m = ChannelMessage.of("web", "owner", "hello", clock.instant());
        Instant ahead = clock.instant().plus(Duration.ofMinutes(5));
        SignedMessage signed = new SignedMessage(m, keys.sign(SignedMessage.canonicalBytes("hello", ahead, "edge-nonce-000000001")),
                "edge-nonce-000000001", ahead);
        assertThat(trust.classify(signed).isOwner()).isTrue();

        clock.advance(retention.ttl().plusMillis(1));
        assertThat(retention.pruneExpired(clock)).isEqualTo(1);

        assertThat(trust.classify(signed).reason()).isEqualTo(Reason.STALE_TIMESTAMP);
    }
}
