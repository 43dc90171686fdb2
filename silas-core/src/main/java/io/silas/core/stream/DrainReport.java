package io.silas.core.stream;

import io.silas.core.error.SilasException;

/**
 * What a graceful drain ({@link Stream#shutdown}) did (docs/contracts.md#graceful-drain, #errors). Immutable and
 * thread-safe; a second
 * {@code shutdown} returns the same report.
 *
 * @param finished  turns queued or running when the drain began that completed (normally or with an error) within
 *                  the grace period
 * @param cancelled turns still queued or running when the grace period ended: their stages failed with
 *                  {@code ADMISSION_SHUTTING_DOWN}, their workers were released, each was audited
 *                  {@code turn_cancelled}
 * @param declined  pending cards resolved with their safe default (plan approval declined, gate blocked,
 *                  suggestion not now, setup cancelled, ...)
 * @param rejected  messages refused with {@code ADMISSION_SHUTTING_DOWN} while the drain ran
 */
public record DrainReport(int finished, int cancelled, int declined, int rejected) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param finished  turns queued or running when the drain began that completed (normally or with an error) within
     *                  the grace period
     * @param cancelled turns still queued or running when the grace period ended: their stages failed with {
     * @param declined  pending cards resolved with their safe default (plan approval declined, gate blocked,
     *                  suggestion not now, setup cancelled, ...)
     * @param rejected  messages refused with {
     */
    public DrainReport {
        if (finished < 0 || cancelled < 0 || declined < 0 || rejected < 0) {
            throw SilasException.invalid("drain_report", "counts must be >= 0");
        }
    }
}
