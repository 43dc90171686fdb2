package io.silas.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.observe.ObservationKeys;
import io.silas.core.observe.Operation;
import io.silas.core.observe.OperationScope;
import io.silas.core.observe.SilasGauge;
import io.silas.core.observe.SilasMeter;
import io.silas.core.observe.SilasObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MicrometerObserverTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ObservationRegistry observations = ObservationRegistry.create();
    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    private final SilasObserver observer;

    MicrometerObserverTest() {
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        observer = SilasMicrometer.observer(meters, observations);
    }

    @Test
    void operation_timedWithLowCardinalityTags_idsOnlyOnTheObservation_childHasTheTurnAsParent() {
        try (OperationScope turn = observer.start(Operation.TURN)) {
            turn.tag(ObservationKeys.SCOPE_KIND, "connection").id(ObservationKeys.SCOPE_ID, "web:1")
                    .id(ObservationKeys.TURN_ID, "4");
            try (OperationScope gate = observer.start(Operation.GATE_CHECK)) {
                gate.tag(ObservationKeys.LANE, "input").tag(ObservationKeys.OUTCOME, "held")
                        .tag(ObservationKeys.OUTCOME, "passed");
            }
            turn.tag(ObservationKeys.OUTCOME, "replied");
        }

        assertThat(meters.get("silas.turn").tags("scope_kind", "connection", "outcome", "replied").timer().count())
                .isEqualTo(1);
        assertThat(meters.get("silas.turn").timer().getId().getTags()).hasSize(2);
        assertThat(meters.get("silas.gate.check").tags("lane", "input", "outcome", "passed").timer().count())
                .isEqualTo(1);
        assertThat(stopped).extracting(Observation.Context::getName).containsExactly("silas.gate.check", "silas.turn");
        Observation.Context gate = stopped.get(0);
        Observation.Context turn = stopped.get(1);
        assertThat(gate.getParentObservation()).isNotNull();
        assertThat(gate.getParentObservation().getContextView().getName()).isEqualTo("silas.turn");
        assertThat(turn.getHighCardinalityKeyValue("silas.scope_id").getValue()).isEqualTo("web:1");
        assertThat(turn.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("replied");
        assertThat(observations.getCurrentObservation()).isNull();
    }

    @Test
    void failure_taggedWithItsCode_observationSeesOnlyTheCodeNotTheMessage() {
        try (OperationScope call = observer.start(Operation.AGENT_CALL)) {
            call.tag(ObservationKeys.AGENT, "proxy")
                    .error(new SilasException(ErrorCode.LLM_UNAVAILABLE, "user said: my password is hunter2"));
        }
        try (OperationScope call = observer.start(Operation.AGENT_CALL)) {
            call.tag(ObservationKeys.AGENT, "proxy").error(new IllegalStateException("raw hunter2"));
        }

        assertThat(meters.get("silas.agent.call").tags("outcome", "error", "error_code", "llm.llm_unavailable")
                .timer().count()).isEqualTo(1);
        assertThat(meters.get("silas.agent.call").tags("error_code", "internal.internal").timer().count()).isEqualTo(1);
        assertThat(stopped).allSatisfy(context -> {
            assertThat(context.getError()).isInstanceOf(ObservedFailure.class);
            assertThat(context.getError().getMessage()).startsWith("error_code=").doesNotContain("hunter2");
            assertThat(context.getError().getCause()).isNull();
            assertThat(context.getError().getStackTrace()).isEmpty();
        });
    }

    @Test
    void counters_byTagValue_andGaugeReadsTheRuntime() {
        observer.count(SilasMeter.MESSAGES, "admitted");
        observer.count(SilasMeter.MESSAGES, "admitted");
        observer.count(SilasMeter.MESSAGES, "busy");
        observer.count(SilasMeter.NONCE_REPLAYS, null);
        observer.count(SilasMeter.DRAIN_TURNS, "cancelled", 0);
        AtomicInteger pending = new AtomicInteger(3);
        observer.gauge(SilasGauge.TURNS_PENDING, pending::get);

        assertThat(meters.get("silas.messages").tag("outcome", "admitted").counter().count()).isEqualTo(2);
        assertThat(meters.get("silas.messages").tag("outcome", "busy").counter().count()).isEqualTo(1);
        assertThat(meters.get("silas.nonce.replays").counter().count()).isEqualTo(1);
        assertThat(meters.get("silas.drain.turns").tag("result", "cancelled").counter().count()).isZero();
        assertThat(meters.get("silas.turns.pending").gauge().value()).isEqualTo(3);
        pending.set(0);
        assertThat(meters.get("silas.turns.pending").gauge().value()).isZero();
    }

    @Test
    void metricsOnly_noObservationRegistry_stillTimes() {
        SilasObserver metricsOnly = SilasMicrometer.observer(meters);
        try (OperationScope run = metricsOnly.start(Operation.SANDBOX_RUN)) {
            run.tag(ObservationKeys.REASON, "timeout").id(ObservationKeys.WORK_ITEM_ID, "w-1");
        }
        assertThat(meters.get("silas.sandbox.run").tag("reason", "timeout").timer().count()).isEqualTo(1);
        assertThat(stopped).isEmpty();
    }
}
