package io.silas.core.execution;

/**
 * A stateless executor of one action (docs/contracts.md#sandboxes-and-executors): receives an {@link
 * ExecutionEnvelope}, returns an {@link ExecutionResult}, keeps nothing. Implementations that run commands go through a
 * {@link SandboxManager} only.
 *
 * <p><b>Security guarantees.</b> An executor sees only its envelope; secrets reach it as opaque references,
 * never values. Its model-facing output is tainted {@code EXTERNAL} unless its provenance is fully trusted.
 * Implementations are thread-safe.
 */
public interface EphemeralExecutor {
    /** {@return the action name this executor serves, e.g. {@code shell_exec}} */
    String action();

    /**
     * Executes the envelope. Payload failures (non-zero exit, timeout, limits) are results with
     * {@code success=false}.
     *
     * @param envelope the envelope
     * @return the execution result
     * @throws io.silas.core.error.SilasException {@code INVALID_INPUT} for malformed args;
     *         {@code SANDBOX_ISOLATION_UNAVAILABLE} when no isolated sandbox can be created
     */
    ExecutionResult execute(ExecutionEnvelope envelope);
}
