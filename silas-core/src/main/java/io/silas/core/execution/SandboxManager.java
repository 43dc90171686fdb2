package io.silas.core.execution;

/**
 * Creates sandboxes (docs/contracts.md#sandboxes-and-executors). All ephemeral execution goes through a manager;
 * executors never start processes themselves.
 *
 * <p><b>Security guarantees.</b> Fail closed: {@link #create} either returns a sandbox whose isolation the
 * manager has proven on this host (network, process tree, filesystem, limits), or throws
 * {@code SANDBOX_ISOLATION_UNAVAILABLE}. It never hands out a sandbox that would run unisolated.
 * Implementations are thread-safe.
 */
public interface SandboxManager {
    /**
     * Creates a fresh sandbox.
     *
     * @param config the configuration
     * @return the sandbox
     * @throws io.silas.core.error.SilasException {@code SANDBOX_ISOLATION_UNAVAILABLE} when isolation cannot be
     *         established (the message says what to install); {@code SANDBOX_FAILURE} when the work dir cannot
     *         be prepared
     */
    Sandbox create(SandboxConfig config);
}
