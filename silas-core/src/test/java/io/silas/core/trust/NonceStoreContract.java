package io.silas.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link NonceStore} must show (docs/contracts.md#keys-approvals-and-nonces). Subclasses implement
 * {@link #newStore()} to return a fresh, empty store:
 *
 * <pre>{@code
 * class InMemoryNonceStoreTest extends NonceStoreContract {
 *     @Override protected NonceStore newStore() { return NonceStore.inMemory(); }
 * }
 * }</pre>
 */
public abstract class NonceStoreContract {
    private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

    private NonceStore store;

    /** Returns a new, empty store. */
    protected abstract NonceStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void recordIfAbsent_firstCall_recordsAndSecondCallRefuses() {
        assertThat(store.isUsed("msg", "n-1")).isFalse();

        assertThat(store.recordIfAbsent("msg", "n-1", T0)).isTrue();
        assertThat(store.recordIfAbsent("msg", "n-1", T0.plusSeconds(1))).isFalse();
        assertThat(store.isUsed("msg", "n-1")).isTrue();
        assertThat(store.isUsed("msg", "n-2")).isFalse();
    }

    @Test
    void recordInOrder_allNew_recordsAll() {
        assertThat(store.recordInOrder("exec", List.of("slot:1", "n-1"), T0)).isEqualTo(2);
        assertThat(store.isUsed("exec", "slot:1")).isTrue();
        assertThat(store.isUsed("exec", "n-1")).isTrue();
    }

    @Test
    void recordInOrder_secondAlreadyUsed_keepsFirstAndStops() {
        store.recordIfAbsent("exec", "n-1", T0);

        assertThat(store.recordInOrder("exec", List.of("slot:1", "n-1", "n-2"), T0)).isEqualTo(1);
        assertThat(store.isUsed("exec", "slot:1")).isTrue();
        assertThat(store.isUsed("exec", "n-2")).isFalse();
    }

    @Test
    void recordInOrder_firstAlreadyUsed_recordsNothing() {
        store.recordIfAbsent("exec", "slot:1", T0);

        assertThat(store.recordInOrder("exec", List.of("slot:1", "n-1"), T0)).isZero();
        assertThat(store.isUsed("exec", "n-1")).isFalse();
    }

    @Test
    void recordIfAbsent_sameBindingInTwoDomains_neverCollides() {
        assertThat(store.recordIfAbsent(NonceStore.DOMAIN_MESSAGE, "shared", T0)).isTrue();
        assertThat(store.isUsed(NonceStore.DOMAIN_EXECUTION, "shared")).isFalse();

        assertThat(store.recordIfAbsent(NonceStore.DOMAIN_EXECUTION, "shared", T0)).isTrue();
        assertThat(store.recordIfAbsent(NonceStore.DOMAIN_EXECUTION, "shared", T0)).isFalse();
        assertThat(store.recordIfAbsent(NonceStore.DOMAIN_MESSAGE, "shared", T0)).isFalse();
    }

    @Test
    void recordIfAbsent_executionBindingWithColons_isOneKey() {
        String binding = "token-1:" + "ab".repeat(32) + ":nonce-1";

        assertThat(store.recordIfAbsent("exec", binding, T0)).isTrue();

        assertThat(store.isUsed("exec", binding)).isTrue();
        assertThat(store.isUsed("exec", "token-1")).isFalse();
        assertThat(store.isUsed("exec", "token-1:" + "ab".repeat(32))).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"MSG", "a:b", "1msg", "with space"})
    void recordIfAbsent_invalidDomain_rejected(String domain) {
        assertThatThrownBy(() -> store.recordIfAbsent(domain, "n", T0))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> store.isUsed(domain, "n"))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void recordIfAbsent_emptyBinding_rejected(String binding) {
        assertThatThrownBy(() -> store.recordIfAbsent("msg", binding, T0))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void prune_removesOnlyStrictlyOlderRecords_andReturnsCount() {
        store.recordIfAbsent("msg", "old-1", T0);
        store.recordIfAbsent("exec", "old-2", T0.plusSeconds(10));
        store.recordIfAbsent("msg", "boundary", T0.plusSeconds(20));
        store.recordIfAbsent("msg", "new", T0.plusSeconds(30));

        assertThat(store.prune(T0.plusSeconds(20))).isEqualTo(2);

        assertThat(store.isUsed("msg", "old-1")).isFalse();
        assertThat(store.isUsed("exec", "old-2")).isFalse();
        assertThat(store.isUsed("msg", "boundary")).isTrue();
        assertThat(store.isUsed("msg", "new")).isTrue();
        assertThat(store.prune(T0.plusSeconds(20))).isZero();
    }

    @Test
    void prune_distinguishesNanoseconds() {
        store.recordIfAbsent("msg", "a", T0.plusNanos(1));
        store.recordIfAbsent("msg", "b", T0.plusNanos(3));

        assertThat(store.prune(T0.plusNanos(2))).isEqualTo(1);
        assertThat(store.isUsed("msg", "a")).isFalse();
        assertThat(store.isUsed("msg", "b")).isTrue();
    }

    @Test
    void prune_emptyStore_removesNothing() {
        assertThat(store.prune(T0)).isZero();
    }

    @Test
    void recordIfAbsent_afterPrune_canRecordAgain() {
        store.recordIfAbsent("msg", "n", T0);
        store.prune(T0.plusSeconds(1));

        assertThat(store.recordIfAbsent("msg", "n", T0.plusSeconds(2))).isTrue();
    }

    @Test
    void recordIfAbsent_manyThreadsSameNonce_exactlyOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            String binding = "race-" + round;
            List<Boolean> results = runConcurrently(16, thread -> store.recordIfAbsent("exec", binding, T0));

            assertThat(results).filteredOn(Boolean::booleanValue).hasSize(1);
            assertThat(store.isUsed("exec", binding)).isTrue();
        }
    }

    @Test
    void recordIfAbsent_concurrently8Threads500Each_noLostOrDuplicatedRecords() throws Exception {
        int perThread = 500;
        List<Boolean> results = runConcurrently(8, thread -> {
            boolean allNew = true;
            for (int i = 0; i < perThread; i++) {
                allNew &= store.recordIfAbsent("msg", thread + "-" + i, T0.plusMillis(i));
            }
            return allNew;
        });

        assertThat(results).containsOnly(true).hasSize(8);
        for (int t = 0; t < 8; t++) {
            for (int i = 0; i < perThread; i += 97) {
                assertThat(store.isUsed("msg", t + "-" + i)).isTrue();
            }
        }
        assertThat(store.recordIfAbsent("msg", "3-250", T0)).isFalse();
        assertThat(store.prune(T0.plusSeconds(3600))).isEqualTo(8 * perThread);
    }

    /** A task run by one of several threads released together. */
    @FunctionalInterface
    public interface ThreadTask<T> {
        T run(int thread) throws Exception;
    }

    /** Runs the task on {@code threads} threads started at the same moment; returns their results. */
    public static <T> List<T> runConcurrently(int threads, ThreadTask<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(thread);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(5, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
