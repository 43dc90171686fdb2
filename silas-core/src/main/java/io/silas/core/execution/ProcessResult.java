package io.silas.core.execution;

import io.silas.core.error.SilasException;
import java.time.Duration;

/**
 * The outcome of one {@link Sandbox#run}. Outcomes are values: a payload that fails, times out or breaks a
 * limit yields a result, never an exception.
 *
 * <p>{@link #exitCode()} is the payload's exit status ({@code 128 + signal} when a signal killed it), or
 * {@link #NO_EXIT_CODE} when the run was stopped before the payload reported one (timeout, isolation failure).
 * {@link #reason()} is a human sentence naming the cause; it never contains host paths or secrets.
 *
 * @param exitCode    the payload's exit status, or {@link #NO_EXIT_CODE}
 * @param stdout      standard output (UTF-8, capped)
 * @param stderr      standard error (UTF-8, capped)
 * @param duration    wall time of the run
 * @param truncated   whether stdout or stderr exceeded the output cap and was cut
 * @param termination why the run ended
 * @param reason      a clear human description of the termination
 */
public record ProcessResult(
        int exitCode,
        String stdout,
        String stderr,
        Duration duration,
        boolean truncated,
        TerminationReason termination,
        String reason) {

    /** Exit code reported when the payload never reported one. */
    public static final int NO_EXIT_CODE = -1;

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param exitCode    the payload's exit status, or {
     * @param stdout      standard output (UTF-8, capped)
     * @param stderr      standard error (UTF-8, capped)
     * @param duration    wall time of the run
     * @param truncated   whether stdout or stderr exceeded the output cap and was cut
     * @param termination why the run ended
     * @param reason      a clear human description of the termination /
public
     */
    public ProcessResult {
        if (stdout == null || stderr == null || duration == null || termination == null || reason == null) {
            throw SilasException.invalid("process_result", "stdout, stderr, duration, termination and reason are required");
        }
    }

    /**
     * True when the payload exited on its own with status 0.
     *
     * @return whether it holds
     */
    public boolean succeeded() {
        return termination == TerminationReason.EXITED && exitCode == 0;
    }
}
