package io.silas.core.error;

import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;

/**
 * The tests' SLF4J backend: slf4j-simple's output with a working MDC (slf4j-simple's own MDC keeps nothing), so the
 * correlation tests read the MDC as a host's logging backend (Logback, Log4j) would. Registered in
 * {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider} of the test classes.
 */
public final class SimpleLoggingWithMdc extends SimpleServiceProvider {
    private final MDCAdapter mdc = new BasicMDCAdapter();

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }
}
