package io.silas.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.silas.core.observe.ObservationKeys;
import io.silas.core.observe.Operation;
import io.silas.core.observe.OperationScope;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One running operation: an {@link Observation} started and opened in scope on the calling thread (when there is an
 * observation registry) and a start time for its timer. Its low-cardinality tags are kept in a small array (key,
 * value, ...), a tag set twice keeps the last value. A failure reaches the observation only as its error code
 * ({@link ObservedFailure}): an exception's message and stack (which may quote model or payload text) never go into a
 * span. Not thread-safe.
 */
final class MicrometerScope implements OperationScope {
    private final MicrometerObserver owner;
    private final Operation operation;
    private final long started = System.nanoTime();
    private final @Nullable Observation observation;
    private final Observation.@Nullable Scope inScope;
    private String[] tags = new String[8];
    private int tagCount;
    private boolean closed;

    MicrometerScope(MicrometerObserver owner, Operation operation, @Nullable ObservationRegistry observations) {
        this.owner = owner;
        this.operation = operation;
        if (observations == null) {
            observation = null;
            inScope = null;
        } else {
            observation = Observation.start(operation.meterName(), observations);
            inScope = observation.openScope();
        }
    }

    @Override
    public OperationScope tag(String key, String value) {
        for (int i = 0; i < tagCount; i += 2) {
            if (tags[i].equals(key)) {
                tags[i + 1] = value;
                return observe(key, value);
            }
        }
        if (tagCount == tags.length) {
            tags = Arrays.copyOf(tags, tags.length * 2);
        }
        tags[tagCount++] = key;
        tags[tagCount++] = value;
        return observe(key, value);
    }

    private OperationScope observe(String key, String value) {
        if (observation != null) {
            observation.lowCardinalityKeyValue(key, value);
        }
        return this;
    }

    @Override
    public OperationScope id(String key, @Nullable String value) {
        if (observation != null && value != null) {
            observation.highCardinalityKeyValue(key, value);
        }
        return this;
    }

    @Override
    public OperationScope error(Throwable failure) {
        tag(ObservationKeys.OUTCOME, "error");
        tag(ObservationKeys.ERROR_CODE, ObservationKeys.errorCode(failure));
        if (observation != null) {
            observation.error(new ObservedFailure(ObservationKeys.errorCode(failure)));
        }
        return this;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (observation != null) {
            inScope.close();
            observation.stop();
        }
        owner.record(operation, tags, tagCount, System.nanoTime() - started);
    }
}
