/**
 * Observation hooks of the SDK, free of dependencies: the runtime reports each operation (turn, gate check, agent
 * call, approval issue and verify, sandbox run, verification, tool call, scheduled job, work-item run) and its
 * counters to a {@link io.silas.core.observe.SilasObserver}. Without one ({@link
 * io.silas.core.observe.SilasObserver#none()}, the default) nothing is recorded. The {@code silas-micrometer} module
 * implements the observer with Micrometer meters and observations (and so OpenTelemetry traces);
 * {@link io.silas.core.observe.Observers} puts an observer in front of the parts a host builds itself.
 */
@NullMarked
package io.silas.core.observe;

import org.jspecify.annotations.NullMarked;
