package io.silas.langchain4j;

import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;

/**
 * The tokens one model call consumed, as the provider reported them (zero when it reported none). Immutable.
 *
 * @param agent        which agent made the call: {@code proxy}, {@code planner} or {@code executor}
 * @param inputTokens  prompt tokens ({@code >= 0})
 * @param outputTokens completion tokens ({@code >= 0})
 */
public record ModelUsage(String agent, long inputTokens, long outputTokens) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param agent        which agent made the call: {
     * @param inputTokens  prompt tokens ({
     * @param outputTokens completion tokens ({
     */
    public ModelUsage {
        Checks.nonBlank(agent, "agent");
        if (inputTokens < 0 || outputTokens < 0) {
            throw SilasException.invalid("tokens", "must be >= 0");
        }
    }

    /**
     * Input plus output tokens.
     *
     * @return the long
     */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
