package io.silas.core.gate;

import java.util.Objects;

/** Result of evaluating an {@link Expectation}: pass/fail plus a short reason that never echoes the output. */
public record ExpectationOutcome(boolean passed, String reason) {
    public ExpectationOutcome {
        Objects.requireNonNull(reason, "reason");
    }

    public static ExpectationOutcome pass(String reason) {
        return new ExpectationOutcome(true, reason);
    }

    public static ExpectationOutcome fail(String reason) {
        return new ExpectationOutcome(false, reason);
    }
}
