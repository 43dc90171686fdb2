package io.silas.core.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.work.WorkItem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs every approval path — issue, verify, check, each kind of denial, a failing nonce store — with a signing
 * key whose seed is known, and scans audit entries, captured log output, outcome messages and token JSON for any
 * encoding of that seed.
 */
class ApprovalCanaryTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    @Test
    void signingKeySeed_neverInAuditLogsMessagesOrTokens() {
        byte[] seed = new byte[SigningKeys.PRIVATE_KEY_BYTES];
        new SecureRandom().nextBytes(seed);
        SigningKeys keys = SigningKeys.fromRawPrivateKey(seed);
        MutableClock clock = new MutableClock(Instant.parse("2026-02-01T12:00:00Z"));
        AuditLog audit = AuditLog.inMemory(clock);
        ApprovalEngine engine = ApprovalEngine.builder().signingKeys(keys).nonceStore(NonceStore.inMemory())
                .audit(audit).clock(clock).build();
        ApprovalEngine broken = ApprovalEngine.builder().signingKeys(keys).audit(audit).clock(clock)
                .nonceStore(new ThrowingNonceStore()).build();
        LoggerFactory.getLogger(ApprovalCanaryTest.class).warn("canary-capture-marker");
        List<String> texts = new ArrayList<>();

        WorkItem task = ApprovalEngineContract.task();
        WorkItem goal = ApprovalEngineContract.goal();
        ApprovalToken token = engine.issue(task, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
        ApprovalToken standing = engine.issue(goal, ApprovalDecision.approved(), ApprovalScope.STANDING);
        List<ApprovalCheck> checks = new ArrayList<>();
        checks.add(engine.check(token, task));
        checks.add(broken.verify(token, task, null));
        ApprovalCheck ok = engine.verify(token, task, null);
        checks.add(ok);
        checks.add(engine.verify(token, task, null));
        checks.add(engine.check(ok.orThrow(), task));
        checks.add(broken.check(ok.orThrow(), task));
        checks.add(engine.verify(token.withSignature(new byte[64]), task, null));
        checks.add(engine.verify(standing, goal, null));
        checks.add(engine.verify(standing, goal, ApprovalEngineContract.spawned(goal, "fix-1", "checks failed")));
        checks.add(engine.verify(engine.issue(task, ApprovalDecision.declined(), ApprovalScope.FULL_PLAN), task, null));
        clock.advance(Duration.ofHours(1));
        checks.add(engine.verify(engine.issueBatch(io.silas.core.proactivity.ProactivitySamples.batch(),
                ApprovalDecision.approved()), task, null));
        checks.add(engine.check(ok.orThrow(), task));
        for (ApprovalCheck check : checks) {
            texts.add(check.toString());
            try {
                check.orThrow();
            } catch (SilasException e) {
                texts.add(e.toString());
            }
        }
        texts.add(Json.write(token));
        texts.add(token.toString());
        texts.add(keys.toString());
        texts.add(engine.toString());
        for (AuditEntry e : audit.read(1, 1000)) {
            texts.add(e.toString());
        }
        String logs = captured.toString(StandardCharsets.UTF_8);

        assertThat(logs).contains("canary-capture-marker").contains("Nonce store failed");
        assertThat(audit.findByEvent(ApprovalEngine.EVENT_DENIED)).hasSizeGreaterThanOrEqualTo(9);
        for (String canary : canaries(seed)) {
            assertThat(logs).as("logs").doesNotContain(canary);
            for (String text : texts) {
                assertThat(text).doesNotContain(canary);
            }
        }
    }

    private static List<String> canaries(byte[] seed) {
        return List.of(HexFormat.of().formatHex(seed), HexFormat.of().withUpperCase().formatHex(seed),
                Base64.getEncoder().encodeToString(seed).substring(0, 40),
                Base64.getUrlEncoder().encodeToString(seed).substring(0, 40));
    }

    /** A nonce store whose backend is down. */
    private static final class ThrowingNonceStore implements NonceStore {
        @Override
        public boolean recordIfAbsent(String domain, String binding, Instant recordedAt) {
            throw new SilasException(ErrorCode.DB_FAILURE, "database unavailable");
        }

        @Override
        public boolean isUsed(String domain, String binding) {
            throw new SilasException(ErrorCode.DB_FAILURE, "database unavailable");
        }

        @Override
        public int prune(Instant olderThan) {
            throw new SilasException(ErrorCode.DB_FAILURE, "database unavailable");
        }
    }
}
