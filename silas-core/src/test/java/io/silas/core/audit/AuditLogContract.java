package io.silas.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AuditLog} must show (docs/contracts.md#audit-log). An implementation's test subclasses
 * this and implements {@link #newLog(Clock)} to return a fresh, empty log that takes its time from the clock:
 *
 * <pre>{@code
 * class InMemoryAuditLogTest extends AuditLogContract {
 *     @Override protected AuditLog newLog(Clock clock) { return AuditLog.inMemory(clock); }
 * }
 * }</pre>
 *
 * Tampering is implementation-specific (it needs raw storage access), so subclasses add those tests.
 */
public abstract class AuditLogContract {
    private static final Instant T0 = Instant.parse("2026-02-01T10:00:00.123456789Z");

    /** The clock handed to {@link #newLog}; tests move it. */
    protected final MutableClock clock = new MutableClock(T0);

    private AuditLog log;

    /** Returns a new, empty log using the given clock. */
    protected abstract AuditLog newLog(Clock clock);

    /** Returns a new, empty log using the given clock whose checkpoints are signed and anchored by {@code seal}. */
    protected abstract AuditLog newSealedLog(Clock clock, AuditSeal seal);

    private static final SigningKeys SEAL_KEYS = SigningKeys.generate();

    @BeforeEach
    void createLog() {
        log = newLog(clock);
    }

    @Test
    void append_firstEntry_linksToGenesis() {
        AuditEntry entry = log.append("stream_started", Map.of("scope_id", "owner"));

        assertThat(entry.seq()).isEqualTo(1);
        assertThat(entry.prevHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(entry.hash()).isEqualTo(AuditChain.hashOf(entry)).hasSize(64);
        assertThat(entry.at()).isEqualTo(T0);
        assertThat(entry.id()).isNotBlank();
        assertThat(entry.event()).isEqualTo("stream_started");
        assertThat(entry.data().get("scope_id").asText()).isEqualTo("owner");
    }

    @Test
    void append_manyEntries_seqGapFreeAndEachLinkedToPrevious() {
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMillis(7));
            entries.add(log.append("event_" + (i % 3), Map.of("i", i)));
        }

        for (int i = 0; i < entries.size(); i++) {
            AuditEntry e = entries.get(i);
            assertThat(e.seq()).isEqualTo(i + 1L);
            assertThat(e.prevHash()).isEqualTo(i == 0 ? AuditChain.GENESIS : entries.get(i - 1).hash());
            assertThat(e.hash()).isEqualTo(AuditChain.hashOf(e));
        }
        assertThat(log.size()).isEqualTo(20);
        assertThat(log.read(1, 100)).containsExactlyElementsOf(entries);
    }

    @Test
    void append_richData_readBackUnchanged() {
        Map<String, Object> data = new HashMap<>();
        data.put("text", "grüße \uD83D\uDE00 \"quoted\" \\ / \n tab\t");
        data.put("int", 42);
        data.put("long", 9_007_199_254_740_993L);
        data.put("double", 0.1);
        data.put("negative", -2.5e-8);
        data.put("bool", true);
        data.put("nothing", null);
        data.put("nested", Map.of("list", List.of(1, "two", Map.of("z", 1, "a", 2)), "empty", Map.of()));

        AuditEntry appended = log.append("tool_call", data);
        AuditEntry read = log.read(1, 1).get(0);

        assertThat(read).isEqualTo(appended);
        assertThat(read.data()).isEqualTo(Json.tree(data));
        assertThat(log.verifyChain().valid()).isTrue();
    }

    @Test
    void append_nullData_storedAsEmptyObject() {
        AuditEntry entry = log.append("heartbeat", (Map<String, ?>) null);

        assertThat(entry.data().isObject()).isTrue();
        assertThat(entry.data().size()).isZero();
        assertThat(log.read(1, 1).get(0).data().size()).isZero();
    }

    @Test
    void append_blankEvent_rejectedAndNothingWritten() {
        log.append("first");

        assertThatThrownBy(() -> log.append(" ", Map.of()))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.append("second").seq()).isEqualTo(2);
        assertThat(log.verifyChain().valid()).isTrue();
    }

    @Test
    void append_dataThatCannotBeHashed_rejectedAndNothingWritten() {
        assertThatThrownBy(() -> log.append("bad", Map.of("x", Double.NaN)))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(log.size()).isZero();
    }

    @Test
    void append_loneSurrogateInEventOrData_rejectedAndNothingWritten() {
        assertThatThrownBy(() -> log.append("bad\uD800", Map.of()))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> log.append("bad", Map.of("text", "x\uDC00y")))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(log.size()).isZero();
    }

    @Test
    void read_pagesInSeqOrder() {
        for (int i = 1; i <= 6; i++) {
            log.append("e", Map.of("i", i));
        }

        assertThat(log.read(3, 2)).extracting(AuditEntry::seq).containsExactly(3L, 4L);
        assertThat(log.read(0, 100)).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(log.read(5, 100)).extracting(AuditEntry::seq).containsExactly(5L, 6L);
        assertThat(log.read(7, 10)).isEmpty();
        assertThat(log.read(1, 0)).isEmpty();
    }

    @Test
    void read_negativeLimit_rejected() {
        assertThatThrownBy(() -> log.read(1, -1))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void findByEvent_returnsOnlyThatEventOldestFirst() {
        log.append("a", Map.of("n", 1));
        log.append("b", Map.of("n", 2));
        log.append("a", Map.of("n", 3));

        assertThat(log.findByEvent("a")).extracting(AuditEntry::seq).containsExactly(1L, 3L);
        assertThat(log.findByEvent("b")).extracting(AuditEntry::seq).containsExactly(2L);
        assertThat(log.findByEvent("missing")).isEmpty();
    }

    @Test
    void verifyChain_emptyLog_validWithNothingChecked() {
        ChainVerification v = log.verifyChain();

        assertThat(v.valid()).isTrue();
        assertThat(v.entriesChecked()).isZero();
        assertThat(v.brokenAtSeq()).isNull();
    }

    @Test
    void verifyChain_intactLog_validAndCountsEveryEntry() {
        for (int i = 0; i < 25; i++) {
            log.append("e", Map.of("i", i));
        }

        ChainVerification v = log.verifyChain();

        assertThat(v.valid()).isTrue();
        assertThat(v.entriesChecked()).isEqualTo(25);
    }

    @Test
    void checkpoint_emptyLog_pointsAtGenesis() {
        AuditCheckpoint cp = log.checkpoint();

        assertThat(cp.seq()).isZero();
        assertThat(cp.hash()).isEqualTo(AuditChain.GENESIS);
        assertThat(cp.at()).isEqualTo(T0);
        assertThat(log.verifyFromCheckpoint().valid()).isTrue();
    }

    @Test
    void checkpoint_recordsCurrentHead() {
        log.append("a");
        AuditEntry head = log.append("b");
        clock.advance(Duration.ofSeconds(5));

        AuditCheckpoint cp = log.checkpoint();

        assertThat(cp.seq()).isEqualTo(2);
        assertThat(cp.hash()).isEqualTo(head.hash());
        assertThat(cp.at()).isEqualTo(T0.plusSeconds(5));
        assertThat(log.latestCheckpoint()).contains(cp);
    }

    @Test
    void latestCheckpoint_noneWritten_empty() {
        log.append("a");

        assertThat(log.latestCheckpoint()).isEmpty();
    }

    @Test
    void latestCheckpoint_severalWritten_newestWins() {
        log.append("a");
        log.checkpoint();
        log.append("b");
        AuditCheckpoint second = log.checkpoint();

        assertThat(log.latestCheckpoint()).contains(second);
    }

    @Test
    void verifyFromCheckpoint_checksOnlyEntriesAfterTheCheckpoint() {
        for (int i = 0; i < 5; i++) {
            log.append("before", Map.of("i", i));
        }
        log.checkpoint();
        for (int i = 0; i < 3; i++) {
            log.append("after", Map.of("i", i));
        }

        ChainVerification v = log.verifyFromCheckpoint();

        assertThat(v.valid()).isTrue();
        assertThat(v.entriesChecked()).isEqualTo(3);
        assertThat(log.verifyChain().entriesChecked()).isEqualTo(8);
    }

    @Test
    void verifyFromCheckpoint_checkpointAtHead_validWithNothingChecked() {
        log.append("a");
        log.checkpoint();

        ChainVerification v = log.verifyFromCheckpoint();

        assertThat(v.valid()).isTrue();
        assertThat(v.entriesChecked()).isZero();
    }

    @Test
    void verifyFromCheckpoint_noCheckpoint_verifiesWholeChain() {
        log.append("a");
        log.append("b");

        assertThat(log.verifyFromCheckpoint().entriesChecked()).isEqualTo(2);
    }

    @Test
    void append_afterCheckpoint_continuesTheSameChain() {
        AuditEntry first = log.append("a");
        log.checkpoint();

        AuditEntry second = log.append("b");

        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.prevHash()).isEqualTo(first.hash());
    }

    @Test
    void append_concurrently8Threads500Each_noLostOrDuplicatedEntries() throws Exception {
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        log.append("concurrent", Map.of("thread", thread, "i", i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        int total = threads * perThread;
        List<AuditEntry> all = log.read(1, total + 10);
        assertThat(log.size()).isEqualTo(total);
        assertThat(all).extracting(AuditEntry::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
        Set<String> ids = new HashSet<>();
        Set<String> writes = new HashSet<>();
        for (AuditEntry e : all) {
            ids.add(e.id());
            writes.add(e.data().get("thread").asInt() + "/" + e.data().get("i").asInt());
        }
        assertThat(ids).hasSize(total);
        assertThat(writes).hasSize(total);
        ChainVerification v = log.verifyChain();
        assertThat(v.valid()).isTrue();
        assertThat(v.entriesChecked()).isEqualTo(total);
    }

    @Test
    void sealed_checkpoint_isSignedAndAnchored() {
        AuditAnchor anchor = AuditAnchor.inMemory();
        AuditSeal seal = AuditSeal.of(SEAL_KEYS, anchor, 1000);
        AuditLog sealed = newSealedLog(clock, seal);
        sealed.append("a");

        AuditCheckpoint cp = sealed.checkpoint();

        assertThat(cp.signed()).isTrue();
        assertThat(seal.signatureValid(cp)).isTrue();
        assertThat(anchor.newest()).contains(cp);
        assertThat(sealed.latestCheckpoint()).contains(cp);
        assertThat(sealed.verifyChain().valid()).isTrue();
        assertThat(sealed.verifyFromCheckpoint().valid()).isTrue();
    }

    @Test
    void sealed_everyNEntries_anchorsOnItsOwn() {
        AuditAnchor anchor = AuditAnchor.inMemory();
        AuditLog sealed = newSealedLog(clock, AuditSeal.of(SEAL_KEYS, anchor, 4));

        for (int i = 0; i < 9; i++) {
            sealed.append("e", Map.of("i", i));
        }

        assertThat(anchor.newest()).map(AuditCheckpoint::seq).contains(8L);
        assertThat(sealed.verifyFromCheckpoint().entriesChecked()).isEqualTo(1);
        assertThat(sealed.verifyChain().valid()).isTrue();
    }

    @Test
    void sealed_chainShorterThanNewestAnchor_fails() {
        AuditAnchor anchor = AuditAnchor.inMemory();
        AuditSeal seal = AuditSeal.of(SEAL_KEYS, anchor, 1000);
        anchor.append(seal.sign(5, "ab".repeat(32), T0));
        AuditLog sealed = newSealedLog(clock, seal);
        for (int i = 0; i < 3; i++) {
            sealed.append("e", Map.of("i", i));
        }

        assertThat(sealed.verifyChain().valid()).isFalse();
        assertThat(sealed.verifyChain().reason()).contains("newest anchored checkpoint");
        assertThat(sealed.verifyFromCheckpoint().valid()).isFalse();
    }

    @Test
    void sealed_anchorSignedByAnotherKey_fails() {
        AuditAnchor anchor = AuditAnchor.inMemory();
        AuditLog sealed = newSealedLog(clock, AuditSeal.of(SEAL_KEYS, anchor, 1000));
        AuditEntry head = sealed.append("a");
        anchor.append(AuditSeal.of(SigningKeys.generate(), AuditAnchor.inMemory(), 1).sign(1, head.hash(), T0));

        assertThat(sealed.verifyChain().valid()).isFalse();
        assertThat(sealed.verifyFromCheckpoint().valid()).isFalse();
    }

    @Test
    void sealed_signatureCoversPositionAndTime() {
        AuditSeal seal = AuditSeal.of(SEAL_KEYS, AuditAnchor.inMemory(), 1);
        AuditCheckpoint cp = seal.sign(3, "cd".repeat(32), T0);

        assertThat(seal.signatureValid(cp)).isTrue();
        assertThat(seal.signatureValid(new AuditCheckpoint(4, cp.hash(), cp.at(), cp.signature()))).isFalse();
        assertThat(seal.signatureValid(new AuditCheckpoint(3, cp.hash(), T0.plusNanos(1), cp.signature()))).isFalse();
        assertThat(seal.signatureValid(new AuditCheckpoint(3, cp.hash(), T0, "not base64!"))).isFalse();
        assertThat(seal.signatureValid(new AuditCheckpoint(3, cp.hash(), T0))).isFalse();
    }

    @Test
    void sealed_anchorFailing_appendStillSucceedsAndNextCheckpointRetries() {
        AuditAnchor good = AuditAnchor.inMemory();
        boolean[] failing = {true};
        AuditAnchor flaky = new AuditAnchor() {
            @Override
            public void append(AuditCheckpoint signed) {
                if (failing[0]) {
                    throw new SilasException(ErrorCode.DB_FAILURE, "anchor disk full");
                }
                good.append(signed);
            }

            @Override
            public java.util.Optional<AuditCheckpoint> newest() {
                return good.newest();
            }
        };
        AuditLog sealed = newSealedLog(clock, AuditSeal.of(SEAL_KEYS, flaky, 2));

        sealed.append("a");
        AuditEntry second = sealed.append("b");
        failing[0] = false;
        sealed.append("c");
        sealed.append("d");

        assertThat(second.seq()).isEqualTo(2);
        assertThat(sealed.size()).isEqualTo(4);
        assertThat(good.newest()).map(AuditCheckpoint::seq).contains(4L);
        assertThat(sealed.verifyChain().valid()).isTrue();
    }
}
