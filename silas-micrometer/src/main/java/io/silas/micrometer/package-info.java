/**
 * Micrometer implementation of Silas's observation hooks: {@link io.silas.micrometer.SilasMicrometer#observer}
 * turns every operation the runtime reports into a Micrometer {@code Observation} (so a span when the host's
 * {@code ObservationRegistry} has a tracing handler, e.g. Micrometer Tracing's OpenTelemetry bridge) and a
 * {@code Timer}, and every counter and gauge into a Micrometer meter.
 */
@NullMarked
package io.silas.micrometer;

import org.jspecify.annotations.NullMarked;
