package io.silas.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@SuppressWarnings("try") // correlation scopes are only closed, never read
class CorrelationTest {
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() {
        other.shutdownNow();
    }

    @Test
    void open_nestedRunKeepsTurnScope_closeRestoresEachLevelAndClearsTheMdc() {
        try (Correlation.Scope turn = Correlation.open("web:1", "7", null)) {
            assertThat(MDC.get(Correlation.MDC_SCOPE_ID)).isEqualTo("web:1");
            try (Correlation.Scope run = Correlation.open(null, null, "w-1")) {
                assertThat(Correlation.current()).isEqualTo(new Correlation.Ids("web:1", "7", "w-1"));
                assertThat(MDC.get(Correlation.MDC_WORK_ITEM_ID)).isEqualTo("w-1");
                assertThat(new SilasException(ErrorCode.INTERNAL, "x").workItemId()).isEqualTo("w-1");
            }
            assertThat(Correlation.current()).isEqualTo(new Correlation.Ids("web:1", "7", null));
            assertThat(MDC.get(Correlation.MDC_WORK_ITEM_ID)).isNull();
        }
        assertThat(Correlation.current()).isEqualTo(new Correlation.Ids(null, null, null));
        assertThat(MDC.get(Correlation.MDC_SCOPE_ID)).isNull();
        assertThat(MDC.get(Correlation.MDC_TURN_ID)).isNull();
    }

    @Test
    void propagate_otherThreadSeesTheIdsWhileTheTaskRunsAndNotAfter() throws Exception {
        Supplier<String> task;
        try (Correlation.Scope turn = Correlation.open("web:2", "3", null)) {
            task = Correlation.propagate(() -> MDC.get(Correlation.MDC_SCOPE_ID) + "/"
                    + new SilasException(ErrorCode.INTERNAL, "x").turnId());
        }
        assertThat(CompletableFuture.supplyAsync(task, other).get()).isEqualTo("web:2/3");
        assertThat(other.submit(() -> MDC.get(Correlation.MDC_SCOPE_ID)).get()).isNull();
        assertThat(other.submit(() -> Correlation.current().scopeId()).get()).isNull();
    }

    @Test
    void withCorrelation_explicitIdsWinOverCapturedOnes() {
        SilasException captured;
        try (Correlation.Scope turn = Correlation.open("web:3", "1", null)) {
            captured = new SilasException(ErrorCode.INTERNAL, "x");
        }
        SilasException moved = captured.withCorrelation("2", null, "w-9");
        assertThat(moved.scopeId()).isEqualTo("web:3");
        assertThat(moved.turnId()).isEqualTo("2");
        assertThat(moved.workItemId()).isEqualTo("w-9");
        assertThat(moved.toString()).isEqualTo("SilasException[internal.internal] (scope=web:3, turn=2, work_item=w-9): x");
    }
}
