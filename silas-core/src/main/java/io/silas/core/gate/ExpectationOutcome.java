package io.silas.core.gate;

import java.util.Objects;

/** Result of evaluating an {@link Expectation}: pass/fail plus a short reason that never echoes the output. */
public record ExpectationOutcome(boolean passed, String reason) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param passed the passed
     * @param reason why, in a short phrase
     */
    public ExpectationOutcome {
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * {@return a passed outcome}
     *
     * @param reason why, in a short phrase
     */
    public static ExpectationOutcome pass(String reason) {
        return new ExpectationOutcome(true, reason);
    }

    /**
     * {@return a failed outcome}
     *
     * @param reason why, in a short phrase
     */
    public static ExpectationOutcome fail(String reason) {
        return new ExpectationOutcome(false, reason);
    }
}
