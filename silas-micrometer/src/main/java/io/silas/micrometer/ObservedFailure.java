package io.silas.micrometer;

/**
 * What an observation is told about a failed operation: only the stable error code, without the original message,
 * cause or stack trace, so a span exporter records that the operation failed and how, and nothing it said.
 */
final class ObservedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ObservedFailure(String errorCode) {
        super("error_code=" + errorCode, null, false, false);
    }
}
