package io.silas.core.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.work.WorkItem;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ApprovalEngineBuilderTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T12:00:00Z"));

    @Test
    void build_nothingSet_namesEveryMissingCollaborator() {
        assertThatThrownBy(() -> ApprovalEngine.builder().build())
                .isInstanceOf(SilasException.class)
                .hasMessageContaining("signing_keys").hasMessageContaining("nonce_store")
                .hasMessageContaining("audit").hasMessageContaining("clock")
                .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.MISSING_COLLABORATOR);
    }

    @Test
    void setter_calledTwice_configInvalid() {
        assertThatThrownBy(() -> ApprovalEngine.builder().clock(clock).clock(clock))
                .isInstanceOf(SilasException.class).hasMessageContaining("clock set twice");
        assertThatThrownBy(() -> ApprovalEngine.builder().ttl(Duration.ofMinutes(5)).config(
                new io.silas.core.config.SilasConfig.Approval(5, 1))).hasMessageContaining("ttl set twice");
    }

    @Test
    void signatureCheckExecutor_nullOrTwice_refused() {
        assertThatThrownBy(() -> ApprovalEngine.builder().signatureCheckExecutor(null))
                .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThatThrownBy(() -> ApprovalEngine.builder().signatureCheckExecutor(Runnable::run)
                .signatureCheckExecutor(Runnable::run))
                .isInstanceOf(SilasException.class).hasMessageContaining("signature_check_executor set twice");
    }

    @Test
    void signatureCheckExecutor_injected_checksEveryConsumingVerifyButNotCheck() {
        AtomicInteger checks = new AtomicInteger();
        ApprovalEngine engine = engineWith(task -> {
            checks.incrementAndGet();
            task.run();
        });
        ApprovalToken token = engine.issue(ApprovalEngineContract.task(), ApprovalDecision.approved(),
                ApprovalScope.FULL_PLAN);

        ApprovalToken consumed = engine.verify(token, ApprovalEngineContract.task(), null).orThrow();
        assertThat(engine.check(consumed, ApprovalEngineContract.task()).valid()).isTrue();
        assertThat(checks).as("verify checks through it; check checks in place").hasValue(1);
    }

    @Test
    void signatureCheckExecutor_refusing_verifyChecksInPlace() {
        ApprovalEngine engine = engineWith(task -> {
            throw new RejectedExecutionException("full");
        });
        ApprovalToken token = engine.issue(ApprovalEngineContract.task(), ApprovalDecision.approved(),
                ApprovalScope.FULL_PLAN);
        byte[] forged = token.signature();
        forged[0] ^= 0x01;

        assertThat(engine.verify(token.withSignature(forged), ApprovalEngineContract.task(), null).reason())
                .isEqualTo(ApprovalCheck.Reason.SIGNATURE_INVALID);
        assertThat(engine.verify(token, ApprovalEngineContract.task(), null).valid()).isTrue();
    }

    @Test
    void signatureCheckExecutor_onlyALoneVerificationOverlaps_concurrentOnesCheckInPlace() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger submitted = new AtomicInteger();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            ApprovalEngine engine = engineWith(task -> {
                submitted.incrementAndGet();
                worker.execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    task.run();
                });
            });
            WorkItem item = ApprovalEngineContract.task();
            ApprovalToken first = engine.issue(item, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
            ApprovalToken second = engine.issue(item, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);

            Future<ApprovalCheck> held = caller.submit(() -> engine.verify(first, item, null));
            while (submitted.get() == 0) {
                Thread.sleep(1);
            }
            assertThat(engine.verify(second, item, null).valid()).as("not queued behind the held check").isTrue();
            assertThat(submitted).as("the concurrent verification checked in place").hasValue(1);

            release.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS).valid()).isTrue();
            ApprovalToken third = engine.issue(item, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
            assertThat(engine.verify(third, item, null).valid()).isTrue();
            assertThat(submitted).as("alone again, the next verification overlaps again").hasValue(2);
        } finally {
            release.countDown();
            worker.shutdownNow();
            caller.shutdownNow();
        }
    }

    private ApprovalEngine engineWith(java.util.concurrent.Executor checks) {
        return ApprovalEngine.builder().signingKeys(SigningKeys.generate()).nonceStore(NonceStore.inMemory())
                .audit(AuditLog.inMemory(clock)).clock(clock).signatureCheckExecutor(checks).build();
    }

    @Test
    void limits_nonPositive_configInvalid() {
        assertThatThrownBy(() -> ApprovalEngine.builder().ttl(Duration.ZERO))
                .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThatThrownBy(() -> ApprovalEngine.builder().standingMaxExecutions(0))
                .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThatThrownBy(() -> ApprovalEngine.builder().ttl(Duration.ofHours(2)).signingKeys(SigningKeys.generate())
                .nonceStore(NonceStore.inMemory()).audit(AuditLog.inMemory(clock)).clock(clock).build())
                .hasMessageContaining("nonce retention");
    }

    @Test
    void build_allCollaborators_issuesWithDeterministicTokenIds() {
        ApprovalEngine engine = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                .nonceStore(NonceStore.inMemory()).audit(AuditLog.inMemory(clock)).clock(clock)
                .tokenIds(io.silas.core.IdGenerator.sequential("tok")).build();

        ApprovalToken token = engine.issue(ApprovalEngineContract.task(), ApprovalDecision.approved(),
                ApprovalScope.FULL_PLAN);

        assertThat(token.tokenId()).isEqualTo("tok-1");
    }
}
