package io.silas.core.work;

/**
 * Receives progress of work items ({@code running}, {@code verification_failed}, {@code done}, {@code healthy},
 * {@code blocked}, {@code stuck}, {@code failed}) so a host or the Stream can report without waiting for the
 * execution.
 *
 * <p>Called synchronously on the executing thread: keep it short and hand the event to your own queue if you need
 * to do more. An exception thrown by a listener is logged and swallowed; it never changes the execution.
 */
@FunctionalInterface
public interface WorkProgressListener {
    /**
     * On progress.
     *
     * @param event the event
     */
    void onProgress(WorkProgressEvent event);

    /** {@return a listener that ignores every event} */
    static WorkProgressListener none() {
        return event -> { };
    }
}
