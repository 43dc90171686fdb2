package io.silas.core.work;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.silas.core.error.Checks;
import org.jspecify.annotations.Nullable;

/**
 * Outcome of one verification check (docs/contracts.md#verification). {@code output} is truncated to
 * {@value #MAX_OUTPUT_CHARS} characters on construction (never splitting a surrogate pair).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerificationResult(String name, boolean passed, String reason, String output,
                                 @Nullable Integer exitCode) {
    /** Max output chars ({@value}). */
    public static final int MAX_OUTPUT_CHARS = 1000;

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param name     the name
     * @param passed   the passed
     * @param reason   why, in a short phrase
     * @param output   the tool's primary output (empty when nothing ran)
     * @param exitCode the exit status of the checked command
     */
    public VerificationResult {
        Checks.nonBlank(name, "verification_result.name");
        Checks.nonNull(reason, "verification_result.reason");
        output = truncate(output == null ? "" : output);
    }

    private static String truncate(String s) {
        if (s.length() <= MAX_OUTPUT_CHARS) {
            return s;
        }
        int end = MAX_OUTPUT_CHARS;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
