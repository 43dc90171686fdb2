package io.silas.core.context;

/**
 * Counts the tokens of a text for context budgeting. The default {@link #heuristic()} needs no tokenizer:
 * {@code ceil(characters / 3.5)}, counting Unicode code points. Eviction keeps at least 20% of the allocable budget as
 * headroom (docs/contracts.md#context-window), which absorbs the error of this estimate. Implementations are
 * thread-safe and pure.
 */
@FunctionalInterface
public interface TokenCounter {
    /**
     * Tokens of {@code text}; {@code 0} for the empty string.
     *
     * @param text the text
     * @return the int
     */
    int count(String text);

    /**
     * {@code ceil(codePoints / 3.5)}.
     *
     * @return the token counter
     */
    static TokenCounter heuristic() {
        return text -> {
            long codePoints = text.codePointCount(0, text.length());
            return (int) ((codePoints * 2 + 6) / 7);
        };
    }
}
