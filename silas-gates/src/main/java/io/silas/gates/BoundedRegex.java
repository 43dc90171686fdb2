package io.silas.gates;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Regex matching for gates with a compile cache and a step budget, so that a pathological pattern or input
 * fails (and the gate blocks) instead of hanging the turn. Thread-safe.
 */
final class BoundedRegex {
    static final int MAX_PATTERN_LENGTH = 2000;
    static final long STEP_BUDGET = 5_000_000L;
    private static final int CACHE_LIMIT = 512;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    /** Outcome of one match attempt. */
    enum Outcome { MATCH, NO_MATCH, BUDGET_EXCEEDED }

    private BoundedRegex() {
    }

    /** The compiled pattern, or null when it is too long or does not compile. */
    static @Nullable Pattern compile(String regex, int flags) {
        if (regex.length() > MAX_PATTERN_LENGTH) {
            return null;
        }
        String key = flags + ":" + regex;
        Pattern cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(regex, flags);
        } catch (IllegalArgumentException | StackOverflowError e) {
            return null;
        }
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(key, compiled);
        return compiled;
    }

    /** {@code find()} (or {@code matches()} when {@code full}) under the step budget. */
    static Outcome match(Pattern pattern, String text, boolean full) {
        try {
            var m = pattern.matcher(new Budgeted(text, 0, text.length(), new long[] {STEP_BUDGET}));
            return (full ? m.matches() : m.find()) ? Outcome.MATCH : Outcome.NO_MATCH;
        } catch (BudgetExceeded | StackOverflowError e) {
            return Outcome.BUDGET_EXCEEDED;
        }
    }

    /** Thrown inside matching when the budget is spent; never escapes this class. */
    private static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    /** A char sequence that charges every read to a shared budget. */
    private record Budgeted(String text, int start, int end, long[] budget) implements CharSequence {
        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new BudgetExceeded();
            }
            return text.charAt(start + index);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new Budgeted(text, start + from, start + to, budget);
        }

        @Override
        public String toString() {
            return text.substring(start, end);
        }
    }
}
