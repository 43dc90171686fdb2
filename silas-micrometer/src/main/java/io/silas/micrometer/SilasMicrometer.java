package io.silas.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.silas.core.error.Checks;
import io.silas.core.observe.SilasObserver;

/**
 * The one line a host adds for metrics and traces:
 * {@code Stream.builder()...observer(SilasMicrometer.observer(meterRegistry, observationRegistry))}.
 *
 * <p>Each operation ({@code io.silas.core.observe.Operation}) becomes an {@code Observation} named like its timer
 * ({@code silas.turn}, {@code silas.gate.check}, ...) with the low-cardinality tags as low-cardinality key values and
 * the correlation ids (scope, turn, work item) as high-cardinality ones, opened in scope on the calling thread (so
 * operations inside a turn are its child spans), and a {@code Timer} of the same name and low-cardinality tags in the
 * {@code MeterRegistry}. Do not also register Micrometer's {@code DefaultMeterObservationHandler} for the same
 * meter registry, or each operation is timed twice.
 */
public final class SilasMicrometer {
    private SilasMicrometer() {
    }

    /**
     * An observer recording meters in {@code meters} and observations (traces) in {@code observations}.
     *
     * @param meters       where timers, counters and gauges go
     * @param observations where observations go; {@link ObservationRegistry#NOOP} for metrics only
     * @return the observer to hand to {@code StreamBuilder.observer(..)} and {@code Observers}
     */
    public static SilasObserver observer(MeterRegistry meters, ObservationRegistry observations) {
        Checks.nonNull(meters, "meters");
        Checks.nonNull(observations, "observations");
        return new MicrometerObserver(meters, observations);
    }

    /**
     * An observer recording meters only.
     *
     * @param meters where timers, counters and gauges go
     * @return the observer
     */
    public static SilasObserver observer(MeterRegistry meters) {
        return observer(meters, ObservationRegistry.NOOP);
    }
}
