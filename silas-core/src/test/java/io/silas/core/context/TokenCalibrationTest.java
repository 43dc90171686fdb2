package io.silas.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditLog;
import io.silas.core.memory.MemoryStore;
import io.silas.core.trust.MutableClock;
import io.silas.core.vocabulary.TaintLevel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reported token usage corrects a scope's budget estimate within bounds, without touching the raw one. */
class TokenCalibrationTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T09:00:00Z"));

    /** 1,000 tokens, chronicle share 0.4 → a 400-token chronicle budget; eviction threshold out of the way. */
    private ContextManager manager(String scope) {
        TokenBudget budget = new TokenBudget(1000, 100, 0.02, 1.0, 1.0, 2000, 10, 5,
                Map.of("test", new ContextProfile("test", 0.4, 0.2, 0.2)), "test");
        return ContextManager.builder(scope).budget(budget).memory(MemoryStore.inMemory())
                .audit(AuditLog.inMemory(clock)).clock(clock).ids(IdGenerator.sequential(scope)).build();
    }

    /** Three chronicle messages of 120 estimated tokens each (420 characters at 3.5 per token). */
    private static void threeMessages(ContextManager manager) {
        for (int turn = 1; turn <= 3; turn++) {
            manager.add(ContextZone.CHRONICLE, ContextKind.MESSAGE, "m" + turn + " " + "x".repeat(417), "channel:web",
                    TaintLevel.OWNER, turn);
        }
    }

    @Test
    void uncalibrated_theEstimateFits_nothingEvicted() {
        ContextManager manager = manager("a");
        threeMessages(manager);

        assertThat(manager.enforceBudget(4, null).evicted()).isZero();
        assertThat(manager.tokenCalibration()).isEqualTo(1.0);
    }

    @Test
    void modelCountsTwiceTheEstimate_theSameWindowIsOverBudget_oldestEvictedUntilItFits() {
        ContextManager manager = manager("b");
        threeMessages(manager);

        manager.calibrate(List.of("y".repeat(350)), 200);

        assertThat(manager.tokenCalibration()).isEqualTo(2.0);
        EvictionReport report = manager.enforceBudget(4, null);
        assertThat(report.evicted()).isEqualTo(2);
        assertThat(manager.items(ContextZone.CHRONICLE)).singleElement()
                .satisfies(item -> assertThat(item.content()).startsWith("m3 "));
        assertThat(manager.usage()).as("usage stays the raw estimate").isEqualTo(120);
    }

    @Test
    void reportsAreSmoothedAndBounded_perScope() {
        ContextManager one = manager("c");
        ContextManager other = manager("d");

        one.calibrate(List.of("y".repeat(350)), 200);
        one.calibrate(List.of("y".repeat(350)), 1_000_000);
        other.calibrate(List.of("y".repeat(350), "z".repeat(350)), 1);

        assertThat(one.tokenCalibration()).as("2.0 moved halfway to the 4.0 bound").isEqualTo(3.0);
        assertThat(other.tokenCalibration()).as("bounded below").isEqualTo(TokenCalibration.MIN_FACTOR);
    }

    @Test
    void nothingReportedOrNothingSent_ignored() {
        ContextManager manager = manager("e");

        manager.calibrate(List.of("y".repeat(350)), 0);
        manager.calibrate(List.of(""), 500);

        assertThat(manager.tokenCalibration()).isEqualTo(1.0);
    }
}
