package io.silas.core.execution;

import io.silas.core.error.SilasException;
import io.silas.core.work.VerificationResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The aggregate outcome of one verification run (docs/contracts.md#verification): {@code all_passed}, every per-check
 * result in check order, the failed ones only, and when the run finished.
 *
 * <p>The fields are checked against each other on construction: {@code allPassed} is true exactly when there
 * is at least one result and every result passed, and {@code failed} is exactly the failed results in order.
 * An empty report is therefore never "passed". Build one with {@link #of(List, Instant)}. Immutable.
 *
 * @param allPassed whether there was at least one check and every check passed
 * @param results   per-check results, in the order the checks were given
 * @param failed    only the failed results, in the same order
 * @param timestamp when the run finished (UTC, from the runner's clock)
 */
public record VerificationReport(boolean allPassed, List<VerificationResult> results,
                                 List<VerificationResult> failed, Instant timestamp) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param allPassed whether there was at least one check and every check passed
     * @param results   per-check results, in the order the checks were given
     * @param failed    only the failed results, in the same order
     * @param timestamp when the run finished (UTC, from the runner's clock) /
public
     */
    public VerificationReport {
        if (results == null || failed == null || timestamp == null) {
            throw SilasException.invalid("verification_report", "results, failed and timestamp are required");
        }
        if (results.stream().anyMatch(Objects::isNull) || failed.stream().anyMatch(Objects::isNull)) {
            throw SilasException.invalid("verification_report", "results must not contain null entries");
        }
        results = List.copyOf(results);
        failed = List.copyOf(failed);
        List<VerificationResult> expectedFailed = results.stream().filter(r -> !r.passed()).toList();
        if (!failed.equals(expectedFailed)) {
            throw SilasException.invalid("verification_report.failed", "must list exactly the failed results in order");
        }
        if (allPassed != (!results.isEmpty() && expectedFailed.isEmpty())) {
            throw SilasException.invalid("verification_report.all_passed",
                    "must be true exactly when there are results and all of them passed");
        }
    }

    /**
     * {@return a report over the given results, deriving {@code allPassed} and {@code failed}}
     *
     * @param results per-check results, in the order the checks were given
     * @param timestamp when the message was received
     */
    public static VerificationReport of(List<VerificationResult> results, Instant timestamp) {
        if (results == null) {
            throw SilasException.invalid("verification_report", "results are required");
        }
        List<VerificationResult> failed = results.stream().filter(r -> r == null || !r.passed()).toList();
        return new VerificationReport(!results.isEmpty() && failed.isEmpty(), results, failed, timestamp);
    }

    /** {@return the names of the failed checks, in order (for {@code $failed_checks} and audit)} */
    public List<String> failedNames() {
        return failed.stream().map(VerificationResult::name).toList();
    }
}
