package io.silas.core.gate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regex matching under a step budget, so that a pathological (backtracking) pattern or input ends in
 * {@link Outcome#BUDGET_EXCEEDED} instead of hanging the caller. Used by {@link Expectations} and by the regex
 * gates. Stateless and thread-safe.
 *
 * <p><b>Security guarantees.</b> Every character read by the matcher is charged to a budget of
 * {@value #STEP_BUDGET} reads per call, and a {@link StackOverflowError} from deep recursion is caught and
 * reported as {@link Outcome#TOO_DEEP}; neither escapes as an exception.
 */
public final class BoundedRegex {
    /** Character reads one match attempt may make. */
    public static final long STEP_BUDGET = 5_000_000L;

    /** Outcome of one match attempt. */
    public enum Outcome {
        /** The pattern was found. */
        MATCH,
        /** The pattern was not found within the budget. */
        NO_MATCH,
        /** The attempt used up {@link #STEP_BUDGET} character reads (treated as a failed check, never a match). */
        BUDGET_EXCEEDED,
        /** The pattern nests too deeply to run safely. */
        TOO_DEEP
    }

    private BoundedRegex() {
    }

    /**
     * {@code find()} (or {@code matches()} when {@code full}) of {@code pattern} in {@code text} under the budget.
     *
     * @param pattern the pattern
     * @param text the text
     * @param full the full
     * @return the outcome
     */
    public static Outcome match(Pattern pattern, String text, boolean full) {
        try {
            Matcher m = pattern.matcher(new Budgeted(text, 0, text.length(), new long[] {STEP_BUDGET}));
            return (full ? m.matches() : m.find()) ? Outcome.MATCH : Outcome.NO_MATCH;
        } catch (BudgetExceeded e) {
            return Outcome.BUDGET_EXCEEDED;
        } catch (StackOverflowError e) {
            return Outcome.TOO_DEEP;
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
