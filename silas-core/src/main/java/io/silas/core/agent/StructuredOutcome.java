package io.silas.core.agent;

import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of a {@link StructuredCalls} call: the valid value, or none after both tries were invalid, plus the
 * validation error of every invalid try (in order) and how many calls were made (1 or 2). Immutable.
 *
 * @param value            the valid answer, or null when both tries were invalid
 * @param validationErrors why each invalid try was rejected
 * @param calls            how many times the agent was called
 */
public record StructuredOutcome<A>(@Nullable A value, List<String> validationErrors, int calls) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param value            the valid answer, or null when both tries were invalid
     * @param validationErrors why each invalid try was rejected
     * @param calls            how many times the agent was called /
public
     */
    public StructuredOutcome {
        validationErrors = Checks.list(validationErrors, "validation_errors");
        if (calls < 1 || calls > 2) {
            throw SilasException.invalid("calls", "must be 1 or 2");
        }
        if (value == null && validationErrors.size() != calls) {
            throw SilasException.invalid("validation_errors", "an invalid outcome has one error per call");
        }
    }

    /** {@return whether a valid value was produced} */
    public boolean valid() {
        return value != null;
    }

    /** {@return the last validation error, or an empty string} */
    public String lastError() {
        return validationErrors.isEmpty() ? "" : validationErrors.get(validationErrors.size() - 1);
    }
}
