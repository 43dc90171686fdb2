package io.silas.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T10:00:00Z"));

    @Test
    void tryAcquire_61stInAMinute_refusedUntilTheClockMoves() {
        RateLimiter limiter = RateLimiter.perMinute("ws_messages_per_minute_per_scope", 60, clock);

        assertThat(IntStream.range(0, 60).allMatch(i -> limiter.tryAcquire("scope-a"))).isTrue();
        assertThat(limiter.tryAcquire("scope-a")).isFalse();
        assertThat(limiter.tryAcquire("scope-b")).isTrue();
        assertThat(limiter.tryAcquireOrWait("scope-a")).contains(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("scope-a")).isTrue();
        assertThat(limiter.tryAcquire("scope-a")).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(IntStream.range(0, 60).allMatch(i -> limiter.tryAcquire("scope-a"))).isTrue();
    }

    @Test
    void sweep_refilledBucketsDropped_partlyUsedKeptAndStillEnforced() {
        RateLimiter limiter = RateLimiter.perMinute("ws_messages_per_minute_per_ip", 2, clock);
        limiter.tryAcquire("idle");
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.tryAcquire("busy")).isTrue();
        assertThat(limiter.tryAcquire("busy")).isTrue();

        limiter.sweep();

        assertThat(limiter.trackedKeys()).isEqualTo(1);
        assertThat(limiter.tryAcquire("busy")).isFalse();
        assertThat(limiter.tryAcquire("idle")).isTrue();
    }

    @Test
    void manyOneOffKeys_sweptAutomatically_keysStayBounded() {
        RateLimiter limiter = RateLimiter.perMinute("ws_messages_per_minute_per_scope", 60, clock);
        for (int i = 0; i < 20_000; i++) {
            assertThat(limiter.tryAcquire("scope-" + i)).isTrue();
            clock.advance(Duration.ofMillis(10));
        }

        assertThat(limiter.trackedKeys()).isLessThan(10_000);
    }

    @Test
    void acquireUpTo_partialBudget_grantsWhatIsLeft() {
        RateLimiter limiter = RateLimiter.perMinute("memory_ops_per_minute_per_scope", 12, clock);

        assertThat(limiter.acquireUpTo("s", 10)).isEqualTo(10);
        assertThat(limiter.acquireUpTo("s", 10)).isEqualTo(2);
        assertThat(limiter.acquireUpTo("s", 10)).isZero();
        assertThat(limiter.acquireUpTo("s", 0)).isZero();
    }

    @Test
    void violation_namesLimitKeyAndCode_asSecurityEvent() {
        RateLimiter limiter = RateLimiter.perMinute("llm_calls_per_minute_per_scope", 30, clock);

        assertThat(limiter.violation("scope_id", "s", ErrorCode.ADMISSION_RATE_LIMITED))
                .containsEntry("limit", "llm_calls_per_minute_per_scope").containsEntry("per_period", 30)
                .containsEntry("period_seconds", 60L).containsEntry("scope_id", "s")
                .containsEntry("error_code", "admission.admission_rate_limited")
                .containsEntry("security_event", true);
    }

    @Test
    void of_badArguments_invalidInput() {
        assertThatThrownBy(() -> RateLimiter.perMinute("x", 0, clock)).isInstanceOf(SilasException.class)
                .hasMessageContaining("x: must be >= 1");
        assertThatThrownBy(() -> RateLimiter.of("x", 1, Duration.ZERO, clock)).isInstanceOf(SilasException.class);
        assertThatThrownBy(() -> RateLimiter.perMinute(" ", 1, clock)).isInstanceOf(SilasException.class);
        assertThatThrownBy(() -> RateLimiter.perMinute("x", 1, clock).tryAcquire(" "))
                .isInstanceOf(SilasException.class);
    }
}
