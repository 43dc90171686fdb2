package io.silas.core.observe;

import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/** Records nothing; one shared instance whose scope is shared too, so an unobserved operation allocates nothing. */
final class NoObserver implements SilasObserver, OperationScope {
    static final NoObserver INSTANCE = new NoObserver();

    private NoObserver() {
    }

    @Override
    public OperationScope start(Operation operation) {
        return this;
    }

    @Override
    public void count(SilasMeter meter, @Nullable String tagValue, long amount) {
        // nothing is recorded
    }

    @Override
    public void gauge(SilasGauge gauge, IntSupplier value) {
        // nothing is recorded
    }

    @Override
    public OperationScope tag(String key, String value) {
        return this;
    }

    @Override
    public OperationScope id(String key, @Nullable String value) {
        return this;
    }

    @Override
    public OperationScope error(Throwable failure) {
        return this;
    }

    @Override
    public void close() {
        // nothing to end
    }
}
