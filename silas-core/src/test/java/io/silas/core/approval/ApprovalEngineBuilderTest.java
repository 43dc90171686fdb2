package io.silas.core.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import java.time.Duration;
import java.time.Instant;
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
    void claimExecutor_nullOrTwice_refused() {
        assertThatThrownBy(() -> ApprovalEngine.builder().claimExecutor(null))
                .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThatThrownBy(() -> ApprovalEngine.builder().claimExecutor(Runnable::run).claimExecutor(Runnable::run))
                .isInstanceOf(SilasException.class).hasMessageContaining("claim_executor set twice");
    }

    @Test
    void claimExecutor_injected_runsEveryConsumingClaim() {
        java.util.concurrent.atomic.AtomicInteger claims = new java.util.concurrent.atomic.AtomicInteger();
        ApprovalEngine engine = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                .nonceStore(NonceStore.inMemory()).audit(AuditLog.inMemory(clock)).clock(clock)
                .claimExecutor(task -> {
                    claims.incrementAndGet();
                    task.run();
                }).build();
        ApprovalToken token = engine.issue(ApprovalEngineContract.task(), ApprovalDecision.approved(),
                ApprovalScope.FULL_PLAN);

        ApprovalToken consumed = engine.verify(token, ApprovalEngineContract.task(), null).orThrow();
        assertThat(engine.check(consumed, ApprovalEngineContract.task()).valid()).isTrue();
        assertThat(claims).as("verify claims through it; check records nothing").hasValue(1);
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
