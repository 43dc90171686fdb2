package io.silas.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateTrigger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every gate provider must do (the {@code GateCheckProvider} contract); each provider's test subclasses
 * this with a provider and a gate it understands.
 */
abstract class GateCheckProviderContract {
    protected abstract GateCheckProvider provider();

    /** A gate this provider evaluates, for the given trigger. */
    protected abstract Gate gate(GateTrigger trigger);

    @Test
    void name_validAndStable() {
        GateCheckProvider p = provider();
        assertThat(p.name()).matches("[a-z][a-z0-9_.-]{0,63}").isEqualTo(p.name());
    }

    @Test
    void check_everyTriggerWithEmptyAndFullContext_resultForThatGate() {
        GateCheckProvider p = provider();
        GateContext full = GateContext.builder().message("hello").response("hi there").senderId("u1")
                .toolName("search").stepOutput("42").stepIndex(0).build();
        for (GateTrigger trigger : GateTrigger.values()) {
            Gate gate = gate(trigger);
            for (GateContext ctx : List.of(GateContext.empty(), full)) {
                GateResult r = p.check(gate, ctx);
                assertThat(r).isNotNull();
                assertThat(r.gateName()).isEqualTo(gate.name());
                assertThat(r.lane()).isEqualTo(gate.lane());
            }
        }
    }

    @Test
    void check_concurrentCalls_sameDecision() throws Exception {
        GateCheckProvider p = provider();
        Gate gate = gate(GateTrigger.EVERY_USER_MESSAGE);
        GateContext ctx = GateContext.forMessage("u1", "hello");
        GateResult expected = p.check(gate, ctx);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<GateResult>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> p.check(gate, ctx)));
            }
            for (Future<GateResult> f : futures) {
                assertThat(f.get().action()).isEqualTo(expected.action());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
