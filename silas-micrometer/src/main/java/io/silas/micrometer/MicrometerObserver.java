package io.silas.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.silas.core.observe.Operation;
import io.silas.core.observe.OperationScope;
import io.silas.core.observe.SilasGauge;
import io.silas.core.observe.SilasMeter;
import io.silas.core.observe.SilasObserver;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link SilasObserver} over a {@link MeterRegistry} and an {@link ObservationRegistry}. Meters are looked up once per
 * name and tag set and kept (the registry's own lookup sorts and allocates tags on every call); counters are found
 * without allocating. Thread-safe.
 */
final class MicrometerObserver implements SilasObserver {
    private final MeterRegistry meters;
    private final @Nullable ObservationRegistry observations;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<SilasMeter, ConcurrentMap<String, Counter>> counters = new EnumMap<>(SilasMeter.class);

    MicrometerObserver(MeterRegistry meters, ObservationRegistry observations) {
        this.meters = meters;
        this.observations = observations.isNoop() ? null : observations;
        for (SilasMeter meter : SilasMeter.values()) {
            counters.put(meter, new ConcurrentHashMap<>());
        }
    }

    @Override
    public OperationScope start(Operation operation) {
        return new MicrometerScope(this, operation, observations);
    }

    @Override
    public void count(SilasMeter meter, @Nullable String tagValue, long amount) {
        if (amount < 0) {
            return;
        }
        String key = tagValue == null ? "" : tagValue;
        ConcurrentMap<String, Counter> byTag = counters.get(meter);
        Counter counter = byTag.get(key);
        if (counter == null) {
            counter = byTag.computeIfAbsent(key, k -> {
                Counter.Builder builder = Counter.builder(meter.meterName());
                String tagKey = meter.tagKey();
                if (tagKey != null) {
                    builder.tag(tagKey, tagValue == null ? "none" : tagValue);
                }
                return builder.register(meters);
            });
        }
        counter.increment(amount);
    }

    @Override
    public void gauge(SilasGauge gauge, IntSupplier value) {
        Gauge.builder(gauge.meterName(), value::getAsInt).register(meters);
    }

    /** Records one finished operation in its timer, found by name and tags ({@code tags}: key, value, ...). */
    void record(Operation operation, String[] tags, int tagCount, long nanos) {
        StringBuilder key = new StringBuilder(operation.meterName());
        for (int i = 0; i < tagCount; i++) {
            key.append('\u0000').append(tags[i]);
        }
        String id = key.toString();
        Timer timer = timers.get(id);
        if (timer == null) {
            timer = timers.computeIfAbsent(id, k -> {
                Timer.Builder builder = Timer.builder(operation.meterName());
                for (int i = 0; i < tagCount; i += 2) {
                    builder.tag(tags[i], tags[i + 1]);
                }
                return builder.register(meters);
            });
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
