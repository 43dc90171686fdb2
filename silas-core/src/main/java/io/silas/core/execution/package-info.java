/**
 * Contracts for running things in a sandbox: envelopes, results, the sandbox and verification-runner interfaces.
 * Implementations live in silas-execution.
 */
@NullMarked
package io.silas.core.execution;

import org.jspecify.annotations.NullMarked;
