/**
 * The gate runner and its providers (predicate, script, LLM, text safety, PII redaction), built with {@link
 * io.silas.gates.GateRunnerBuilder}.
 */
@NullMarked
package io.silas.gates;

import org.jspecify.annotations.NullMarked;
