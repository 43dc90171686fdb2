package io.silas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.ChannelIdentity;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.NonceRetention;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.trust.TrustDecision.Reason;
import io.silas.core.trust.TrustDecision;
import io.silas.core.vocabulary.TaintLevel;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Adversarial tests of {@link MessageTrust}. The nonce store and audit log come from overridable factory
 * methods so that persistent implementations (SQLite) run the same suite by subclassing.
 */
public class MessageTrustTest {
    protected static final Instant START = Instant.parse("2026-02-01T12:00:00Z");
    private static final String TEXT = "transfer the savings";

    protected MutableClock clock;
    protected NonceStore nonces;
    protected AuditLog audit;
    protected SigningKeys ownerKeys;
    protected OwnerSigner owner;
    protected MessageTrust trust;
    private ExecutorService pool;

    /** The nonce store under test; override to run the suite against another implementation. */
    protected NonceStore newNonceStore() {
        return NonceStore.inMemory();
    }

    /** The audit log under test; override to run the suite against another implementation. */
    protected AuditLog newAuditLog(Clock auditClock) {
        return AuditLog.inMemory(auditClock);
    }

    @BeforeEach
    void setUpTrust() {
        clock = new MutableClock(START);
        nonces = newNonceStore();
        audit = newAuditLog(clock);
        ownerKeys = SigningKeys.generate();
        owner = new OwnerSigner(ownerKeys, clock);
        trust = trustBuilder().authenticatedIdentities(List.of(new ChannelIdentity("telegram", "chat-7"))).build();
    }

    @AfterEach
    void tearDownPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private MessageTrust.Builder trustBuilder() {
        return MessageTrust.builder().ownerPublicKey(ownerKeys.publicKey()).nonceStore(nonces).audit(audit).clock(clock);
    }

    private static ChannelMessage message(String text) {
        return ChannelMessage.of("web", "owner-device", text, START);
    }

    private SignedMessage signed(String text) {
        return owner.sign(message(text));
    }

    /** A message signed by {@code keys} with explicit fields. */
    private static SignedMessage signWith(SigningKeys keys, ChannelMessage msg, Instant at, String nonce) {
        return new SignedMessage(msg, keys.sign(SignedMessage.canonicalBytes(msg.text(), at, nonce)), nonce, at);
    }

    private void assertDecision(SignedMessage m, Reason reason) {
        TrustDecision decision = trust.classify(m);
        assertThat(decision.reason()).isEqualTo(reason);
        assertThat(decision.taint()).isEqualTo(reason == Reason.OWNER_SIGNATURE ? TaintLevel.OWNER : TaintLevel.EXTERNAL);
    }

    @Test
    void classify_freshOwnerSignature_ownerAndNonceRecorded() {
        SignedMessage m = signed(TEXT);

        assertDecision(m, Reason.OWNER_SIGNATURE);
        assertThat(nonces.isUsed(NonceStore.DOMAIN_MESSAGE, m.nonce())).isTrue();
        assertThat(audit.size()).isZero();
    }

    @Test
    void classify_sameMessageTwice_secondIsReplayExternalAndAudited() {
        SignedMessage m = signed(TEXT);
        trust.classify(m);
        clock.advance(Duration.ofSeconds(10));

        assertDecision(m, Reason.REPLAYED_NONCE);
        List<AuditEntry> replays = audit.findByEvent(MessageTrust.EVENT_REPLAY_REJECTED);
        assertThat(replays).hasSize(1);
        assertThat(replays.get(0).data().get("reason").asText()).isEqualTo("replayed_nonce");
        assertThat(replays.get(0).data().get("message_id").asText()).isEqualTo(m.message().messageId());
        assertThat(replays.get(0).data().get("nonce").asText()).isEqualTo(m.nonce());
        assertThat(replays.get(0).data().toString()).doesNotContain(TEXT);
    }

    @Test
    void ownerEligible_freshUnusedNonce_trueAndNothingConsumedOrAudited() {
        SignedMessage m = signed(TEXT);

        assertThat(trust.ownerEligible(m)).isTrue();
        assertThat(nonces.isUsed(NonceStore.DOMAIN_MESSAGE, m.nonce())).isFalse();
        assertThat(audit.size()).isZero();
        assertDecision(m, Reason.OWNER_SIGNATURE);
    }

    @Test
    void ownerEligible_replayedStaleOrForged_false() {
        SignedMessage replayed = signed(TEXT);
        trust.classify(replayed);
        SignedMessage stale = signed("later");
        SignedMessage forged = signWith(SigningKeys.generate(), message(TEXT), START, "nonce-forged-0123456789");

        assertThat(trust.ownerSignatureValid(replayed)).as("the signature alone still verifies").isTrue();
        assertThat(trust.ownerEligible(replayed)).isFalse();
        assertThat(trust.ownerEligible(forged)).isFalse();
        clock.advance(MessageTrust.DEFAULT_FRESHNESS_WINDOW.plusSeconds(1));
        assertThat(trust.ownerEligible(stale)).isFalse();
    }

    @Test
    void checkThenClassify_signatureCheckedOnce_nonceConsumedOnlyAtClassify_rejectionAuditedOnlyAtClassify() {
        SignedMessage m = signed(TEXT);
        SignedMessage forged = signWith(SigningKeys.generate(), message(TEXT), START, "nonce-forged-0123456789");

        OwnerClaim claim = trust.check(m);
        OwnerClaim forgedClaim = trust.check(forged);

        assertThat(claim.eligible()).isTrue();
        assertThat(forgedClaim.eligible()).isFalse();
        assertThat(nonces.isUsed(NonceStore.DOMAIN_MESSAGE, m.nonce())).isFalse();
        assertThat(audit.size()).as("a check audits nothing").isZero();
        assertThat(trust.classify(claim).reason()).isEqualTo(Reason.OWNER_SIGNATURE);
        assertThat(trust.classify(claim).reason()).as("the same claim twice is a replay")
                .isEqualTo(Reason.REPLAYED_NONCE);
        assertThat(trust.classify(forgedClaim).reason()).isEqualTo(Reason.SIGNATURE_INVALID);
        assertThat(audit.findByEvent(MessageTrust.EVENT_SIGNATURE_REJECTED)).hasSize(1);
    }

    @Test
    void classify_claimOfAnotherMessageTrust_refused() {
        MessageTrust other = MessageTrust.builder().ownerPublicKey(ownerKeys.publicKey())
                .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
        OwnerClaim foreign = other.check(signed(TEXT));

        assertThatThrownBy(() -> trust.classify(foreign)).isInstanceOfSatisfying(SilasException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void classify_replayUnderAnotherMessageId_stillReplay() {
        SignedMessage m = signed(TEXT);
        trust.classify(m);

        assertDecision(m.withMessage(ChannelMessage.of("telegram", "chat-7", TEXT, START)), Reason.REPLAYED_NONCE);
    }

    @Test
    void classify_sixteenConcurrentDeliveries_exactlyOneOwner_fiftyRounds() throws Exception {
        pool = Executors.newFixedThreadPool(16);
        for (int round = 0; round < 50; round++) {
            SignedMessage m = signed(TEXT + " #" + round);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<TrustDecision>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return trust.classify(m);
                }));
            }
            start.countDown();
            int owners = 0;
            int replays = 0;
            for (Future<TrustDecision> f : results) {
                TrustDecision d = f.get(30, TimeUnit.SECONDS);
                owners += d.isOwner() ? 1 : 0;
                replays += d.reason() == Reason.REPLAYED_NONCE ? 1 : 0;
            }
            assertThat(owners).as("owners in round %d", round).isEqualTo(1);
            assertThat(replays).as("replays in round %d", round).isEqualTo(15);
        }
        assertThat(audit.findByEvent(MessageTrust.EVENT_REPLAY_REJECTED)).hasSize(50 * 15);
    }

    @Test
    void classify_staleTimestamp_externalAuditedAndNonceNotConsumed() {
        SignedMessage m = signed(TEXT);
        clock.advance(Duration.ofMinutes(5).plusMillis(1));

        assertDecision(m, Reason.STALE_TIMESTAMP);
        assertThat(nonces.isUsed(NonceStore.DOMAIN_MESSAGE, m.nonce())).isFalse();
        List<AuditEntry> stale = audit.findByEvent(MessageTrust.EVENT_STALE_MESSAGE);
        assertThat(stale).hasSize(1);
        assertThat(stale.get(0).data().get("reason").asText()).isEqualTo("stale_timestamp");
    }

    @Test
    void classify_exactlyAtWindowEdge_owner() {
        SignedMessage m = signed(TEXT);
        clock.advance(Duration.ofMinutes(5));

        assertDecision(m, Reason.OWNER_SIGNATURE);
    }

    @Test
    void classify_futureTimestamp_externalAudited() {
        SignedMessage m = signWith(ownerKeys, message(TEXT), START.plus(Duration.ofMinutes(5)).plusMillis(1), "future-nonce-0000001");

        assertDecision(m, Reason.FUTURE_TIMESTAMP);
        assertThat(nonces.isUsed(NonceStore.DOMAIN_MESSAGE, m.nonce())).isFalse();
        assertThat(audit.findByEvent(MessageTrust.EVENT_STALE_MESSAGE).get(0).data().get("reason").asText())
                .isEqualTo("future_timestamp");
    }

    @Test
    void classify_slightlyFutureWithinWindow_owner() {
        assertDecision(signWith(ownerKeys, message(TEXT), START.plus(Duration.ofMinutes(4)), "near-future-000001"),
                Reason.OWNER_SIGNATURE);
    }

    @Test
    void classify_staleThenFresh_staleDoesNotBurnNonceForLaterFreshCopy() {
        SignedMessage m = signed(TEXT);
        clock.advance(Duration.ofMinutes(6));
        assertDecision(m, Reason.STALE_TIMESTAMP);
        clock.set(START);

        assertDecision(m, Reason.OWNER_SIGNATURE);
    }

    @Test
    void classify_textChangedAfterSigning_signatureInvalid() {
        SignedMessage m = signed(TEXT);

        assertDecision(m.withMessage(m.message().withText(TEXT + " to mallory")), Reason.SIGNATURE_INVALID);
        assertThat(nonces.isUsed(NonceStore.DOMAIN_MESSAGE, m.nonce())).isFalse();
        assertThat(audit.findByEvent(MessageTrust.EVENT_SIGNATURE_REJECTED)).hasSize(1);
    }

    @Test
    void classify_timestampChangedAfterSigning_signatureInvalid() {
        SignedMessage m = signed(TEXT);

        assertDecision(new SignedMessage(m.message(), m.signature(), m.nonce(), m.timestamp().plusMillis(1)), Reason.SIGNATURE_INVALID);
    }

    @Test
    void classify_nonceChangedAfterSigning_signatureInvalid() {
        SignedMessage m = signed(TEXT);

        assertDecision(new SignedMessage(m.message(), m.signature(), m.nonce() + "0", m.timestamp()), Reason.SIGNATURE_INVALID);
    }

    @Test
    void classify_anotherKeysSignature_signatureInvalid() {
        SigningKeys mallory = SigningKeys.generate();

        assertDecision(new OwnerSigner(mallory, clock).sign(message(TEXT)), Reason.SIGNATURE_INVALID);
    }

    @Test
    void classify_knownIdentitySignsWithOwnKey_externalNotAuthNotOwner() {
        SigningKeys chat7 = SigningKeys.generate();
        SignedMessage m = new OwnerSigner(chat7, clock).sign(ChannelMessage.of("telegram", "chat-7", TEXT, START));

        assertDecision(m, Reason.SIGNATURE_INVALID);
    }

    @Test
    void classify_nonOwnerSenderRelaysOwnerSignature_ownerBecauseSignatureCoversContentOnly() {
        SignedMessage m = signed(TEXT);

        assertDecision(m.withMessage(m.message().withSender("webhook", "mallory")), Reason.OWNER_SIGNATURE);
    }

    @Test
    void classify_truncatedEmptyOversizedSignatures_malformed() {
        SignedMessage m = signed(TEXT);
        byte[] sig = m.signature();
        for (byte[] bad : List.of(new byte[0], Arrays.copyOf(sig, 63), Arrays.copyOf(sig, 32), Arrays.copyOf(sig, 65),
                Arrays.copyOf(sig, 128))) {
            assertDecision(new SignedMessage(m.message(), bad, m.nonce(), m.timestamp()), Reason.SIGNATURE_MALFORMED);
        }
        assertThat(nonces.isUsed(NonceStore.DOMAIN_MESSAGE, m.nonce())).isFalse();
    }

    @Test
    void classify_garbageSignatures_invalidNeverThrows() {
        SignedMessage m = signed(TEXT);
        SecureRandom random = new SecureRandom();
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 0xff);
        byte[] identityForgery = new byte[64];
        identityForgery[0] = 1;
        List<byte[]> garbage = new ArrayList<>(List.of(new byte[64], ones, identityForgery));
        for (int i = 0; i < 20; i++) {
            byte[] r = new byte[64];
            random.nextBytes(r);
            garbage.add(r);
        }
        for (byte[] bad : garbage) {
            assertDecision(new SignedMessage(m.message(), bad, m.nonce(), m.timestamp()), Reason.SIGNATURE_INVALID);
        }
    }

    @Test
    void classify_hugeGarbageNonceWithBadSignature_auditOmitsNonce() {
        SignedMessage m = signed(TEXT);
        String huge = "A".repeat(100_000);

        assertDecision(new SignedMessage(m.message(), m.signature(), huge, m.timestamp()), Reason.SIGNATURE_INVALID);
        assertThat(audit.findByEvent(MessageTrust.EVENT_SIGNATURE_REJECTED).get(0).data().has("nonce")).isFalse();
    }

    @Test
    void classify_textWithLoneSurrogate_invalidNeverThrows() {
        SignedMessage m = signed(TEXT);

        assertDecision(m.withMessage(m.message().withText("\uD800")), Reason.SIGNATURE_INVALID);
    }

    @Test
    void classify_validSignatureOverMalformedNonce_nonceInvalid() {
        for (String nonce : new String[] {"", "short", "has space in it ok", "x".repeat(129), "ünïcode-nonce-value"}) {
            assertDecision(signWith(ownerKeys, message(TEXT), START, nonce), Reason.NONCE_INVALID);
        }
    }

    @Test
    void classify_nonceUsedInExecDomain_doesNotCollideWithMsg() {
        String nonce = "shared-nonce-0123456789";
        assertThat(nonces.recordIfAbsent(NonceStore.DOMAIN_EXECUTION, nonce, START)).isTrue();

        assertDecision(signWith(ownerKeys, message(TEXT), START, nonce), Reason.OWNER_SIGNATURE);
        assertThat(nonces.isUsed(NonceStore.DOMAIN_MESSAGE, nonce)).isTrue();
        assertThat(nonces.recordIfAbsent(NonceStore.DOMAIN_EXECUTION, nonce, START)).isFalse();
        assertThat(nonces.recordIfAbsent(NonceStore.DOMAIN_EXECUTION, "other-" + nonce, START)).isTrue();
    }

    @Test
    void classify_unsignedFromKnownIdentity_auth() {
        TrustDecision d = trust.classify(ChannelMessage.of("telegram", "chat-7", TEXT, START));

        assertThat(d).isEqualTo(new TrustDecision(TaintLevel.AUTH, Reason.AUTHENTICATED_IDENTITY));
    }

    @Test
    void classify_unsignedFromUnknownOrLookalikeIdentity_external() {
        for (ChannelMessage m : List.of(ChannelMessage.of("telegram", "chat-8", TEXT, START),
                ChannelMessage.of("web", "chat-7", TEXT, START),
                ChannelMessage.of("telegram", "chat-7 ", TEXT, START),
                ChannelMessage.of("web", "owner", TEXT, START))) {
            assertThat(trust.classify(m)).isEqualTo(new TrustDecision(TaintLevel.EXTERNAL, Reason.UNSIGNED));
        }
    }

    @Test
    void classify_unsignedMessageWithOwnerClaimsInMetadata_external() {
        ChannelMessage m = new ChannelMessage("m-1", "web", "owner", TEXT, START, List.of(), null,
                java.util.Map.of("taint", "owner", "signature", "valid", "trusted", "true"));

        assertThat(trust.classify(m).taint()).isEqualTo(TaintLevel.EXTERNAL);
    }

    @Test
    void classify_nonceStoreFails_externalFailClosed() {
        NonceStore failing = new NonceStore() {
            @Override
            public boolean recordIfAbsent(String domain, String binding, Instant recordedAt) {
                throw new SilasException(ErrorCode.DB_FAILURE, "disk gone");
            }

            @Override
            public boolean isUsed(String domain, String binding) {
                throw new SilasException(ErrorCode.DB_FAILURE, "disk gone");
            }

            @Override
            public int prune(Instant olderThan) {
                return 0;
            }
        };
        MessageTrust broken = MessageTrust.builder().ownerPublicKey(ownerKeys.publicKey()).nonceStore(failing)
                .audit(audit).clock(clock).build();

        assertThat(broken.classify(signed(TEXT))).isEqualTo(TrustDecision.of(Reason.NONCE_STORE_UNAVAILABLE));
    }

    @Test
    void classify_allRejections_auditNeverContainsText() {
        SignedMessage m = signed(TEXT);
        trust.classify(m);
        trust.classify(m);
        trust.classify(m.withMessage(m.message().withText(TEXT + "!")));
        trust.classify(new SignedMessage(m.message(), new byte[3], m.nonce(), m.timestamp()));
        clock.advance(Duration.ofHours(1));
        trust.classify(signWith(ownerKeys, message(TEXT), START, "stale-nonce-00000001"));

        assertThat(audit.size()).isEqualTo(4);
        for (AuditEntry e : audit.read(1, 100)) {
            assertThat(e.data().toString()).doesNotContain(TEXT).doesNotContain("savings");
        }
        assertThat(audit.verifyChain().valid()).isTrue();
    }

    @Test
    void build_withoutOwnerKey_missingCollaboratorNamingKey() {
        assertThatThrownBy(() -> MessageTrust.builder().nonceStore(nonces).audit(audit).clock(clock).build())
                .isInstanceOfSatisfying(SilasException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISSING_COLLABORATOR);
                    assertThat(e.getMessage()).contains("owner_public_key").contains("no unsigned fallback");
                });
    }

    @Test
    void build_nothingSet_namesEveryMissingCollaborator() {
        assertThatThrownBy(() -> MessageTrust.builder().build())
                .hasMessageContaining("owner_public_key").hasMessageContaining("nonce_store")
                .hasMessageContaining("audit").hasMessageContaining("clock");
    }

    @Test
    void build_badOwnerKeys_configInvalid() {
        byte[] identity = new byte[32];
        identity[0] = 1;
        for (byte[] bad : List.of(new byte[31], new byte[33], new byte[0], identity, new byte[32])) {
            assertThatThrownBy(() -> MessageTrust.builder().ownerPublicKey(bad).nonceStore(nonces).audit(audit).clock(clock).build())
                    .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
        }
    }

    @Test
    void build_setterCalledTwice_configInvalid() {
        assertThatThrownBy(() -> MessageTrust.builder().clock(clock).clock(clock))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }

    @Test
    void build_windowNotCoveredByRetention_configInvalid() {
        assertThatThrownBy(() -> trustBuilder().freshnessWindow(Duration.ofMinutes(20)).build())
                .isInstanceOfSatisfying(SilasException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).contains("retention must exceed twice the window");
                });
        assertThatThrownBy(() -> trustBuilder().freshnessWindow(Duration.ofMinutes(10))
                .nonceRetention(NonceRetention.of(nonces, Duration.ofMinutes(5))).build())
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }

    @Test
    void build_longWindowWithLongRetention_accepted() {
        MessageTrust t = trustBuilder().freshnessWindow(Duration.ofMinutes(20))
                .nonceRetention(NonceRetention.of(nonces, Duration.ofMinutes(60))).build();

        assertThat(t.freshnessWindow()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void build_customWindow_applied() {
        MessageTrust tight = trustBuilder().freshnessWindow(Duration.ofSeconds(30)).build();
        SignedMessage m = signed(TEXT);
        clock.advance(Duration.ofSeconds(31));

        assertThat(tight.classify(m).reason()).isEqualTo(Reason.STALE_TIMESTAMP);
        assertThat(Set.of(trust.classify(m).reason())).containsExactly(Reason.OWNER_SIGNATURE);
    }

    @Test
    void trustDecision_mismatchedTaint_rejected() {
        assertThatThrownBy(() -> new TrustDecision(TaintLevel.OWNER, Reason.UNSIGNED)).isInstanceOf(SilasException.class);
        assertThatThrownBy(() -> new TrustDecision(TaintLevel.AUTH, Reason.OWNER_SIGNATURE)).isInstanceOf(SilasException.class);
    }
}
