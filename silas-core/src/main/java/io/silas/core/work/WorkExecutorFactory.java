package io.silas.core.work;

/**
 * A work executor the Stream completes: the host configures what only it knows (sandboxes, verification, artifacts
 * dir, agents, timeouts) and hands this to {@code StreamBuilder.workExecution(..)}; the Stream supplies the shared
 * {@link WorkServices} once, at {@code build()}. The default implementation is
 * {@code io.silas.execution.work.WorkExecution.builder()}.
 *
 * <p><b>Security guarantees:</b> an executor built this way uses the Stream's audit log, approval engine and
 * system gates; an implementation must not substitute its own (the default refuses a builder that already has any
 * of them, {@code CONFIG_INVALID}).
 */
@FunctionalInterface
public interface WorkExecutorFactory {
    /**
     * Builds the executor over the Stream's shared services.
     *
     * @param services the services
     * @return the work item executor
     * @throws io.silas.core.error.SilasException {@code MISSING_COLLABORATOR} for a missing host-side collaborator,
     *     {@code CONFIG_INVALID} for a shared service the host set as well
     */
    WorkItemExecutor create(WorkServices services);
}
