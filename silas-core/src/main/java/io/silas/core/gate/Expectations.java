package io.silas.core.gate;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The one predicate evaluator, shared by the verification runner and script gates (docs/contracts.md#verification):
 * evaluates an {@link Expectation} against a command's output text and exit code.
 *
 * <ul>
 *   <li>{@code exit_code}: the exit code equals the expected value (no exit code → failed).</li>
 *   <li>{@code equals}: the output, with trailing line breaks removed, equals the expected text exactly
 *       (commands such as {@code echo} end their output with a newline).</li>
 *   <li>{@code contains}: substring of the raw output. {@code regex}: {@link Matcher#find()} on the raw
 *       output, bounded by a step budget ({@link BoundedRegex}) so a pathological pattern fails instead of
 *       hanging.</li>
 *   <li>{@code output_lt}/{@code output_gt}: the trimmed output parsed as a plain decimal number
 *       ({@code NaN}, {@code Infinity}, hex and type suffixes are not numbers).</li>
 *   <li>{@code file_exists}: rejects {@code ..} segments and NUL, then delegates to the caller's
 *       {@link FileChecker}, which confines the path.</li>
 *   <li>{@code not_empty}: the output contains a non-whitespace character.</li>
 * </ul>
 *
 * <p>Never throws on any output, exit code or expectation: every problem (bad regex, non-numeric output, a
 * checker that throws) becomes a failed {@link ExpectationOutcome} with a reason. Reasons never contain the
 * output text, which may be attacker-influenced. Stateless and thread-safe.
 */
public final class Expectations {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final int MAX_NUMBER_LENGTH = 400;

    private Expectations() {
    }

    /**
     * Evaluates without file access ({@code file_exists} always fails).
     *
     * @param expect the expect
     * @param output the tool's primary output (empty when nothing ran)
     * @param exitCode the exit status of the checked command
     * @return the expectation outcome
     */
    public static ExpectationOutcome evaluate(Expectation expect, @Nullable String output, @Nullable Integer exitCode) {
        return evaluate(expect, output, exitCode, FileChecker.denyAll());
    }

    /**
     * Evaluates the expectation; {@code files} answers {@code file_exists}.
     *
     * @param expect the expect
     * @param output the tool's primary output (empty when nothing ran)
     * @param exitCode the exit status of the checked command
     * @param files the files
     * @return the expectation outcome
     */
    public static ExpectationOutcome evaluate(Expectation expect, @Nullable String output, @Nullable Integer exitCode,
                                              FileChecker files) {
        String out = output == null ? "" : output;
        return switch (expect.predicate()) {
            case EXIT_CODE -> exitCode(expect.exitCode(), exitCode);
            case EQUALS -> stripTrailingLineBreaks(out).equals(expect.equalTo())
                    ? ExpectationOutcome.pass("output equals expected text")
                    : ExpectationOutcome.fail("output does not equal expected text");
            case CONTAINS -> out.contains(expect.contains())
                    ? ExpectationOutcome.pass("output contains expected text")
                    : ExpectationOutcome.fail("output does not contain expected text");
            case REGEX -> regex(expect.regex(), out);
            case OUTPUT_LT -> compare(out, expect.outputLt(), true);
            case OUTPUT_GT -> compare(out, expect.outputGt(), false);
            case FILE_EXISTS -> fileExists(expect.fileExists(), files);
            case NOT_EMPTY -> out.isBlank()
                    ? ExpectationOutcome.fail("output is empty")
                    : ExpectationOutcome.pass("output is not empty");
        };
    }

    /**
     * Syntactic screen for a file path: non-blank, no NUL, no {@code ..} segment.
     *
     * @param path the path
     * @return whether it holds
     */
    public static boolean isPlausiblePath(String path) {
        if (path.isBlank() || path.indexOf('\0') >= 0) {
            return false;
        }
        for (String segment : path.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static ExpectationOutcome exitCode(int expected, @Nullable Integer actual) {
        if (actual == null) {
            return ExpectationOutcome.fail("no exit code available");
        }
        return actual == expected
                ? ExpectationOutcome.pass("exit code " + actual)
                : ExpectationOutcome.fail("exit code " + actual + ", expected " + expected);
    }

    private static ExpectationOutcome regex(String regex, String out) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException | StackOverflowError e) {
            return ExpectationOutcome.fail("invalid regex");
        }
        return switch (BoundedRegex.match(pattern, out, false)) {
            case MATCH -> ExpectationOutcome.pass("output matches regex");
            case NO_MATCH -> ExpectationOutcome.fail("output does not match regex");
            case BUDGET_EXCEEDED -> ExpectationOutcome.fail("regex evaluation exceeded its step budget");
            case TOO_DEEP -> ExpectationOutcome.fail("regex evaluation recursed too deeply");
        };
    }

    private static ExpectationOutcome compare(String out, double bound, boolean lessThan) {
        String text = out.strip();
        if (text.length() > MAX_NUMBER_LENGTH || !DECIMAL.matcher(text).matches()) {
            return ExpectationOutcome.fail("output is not a number");
        }
        int cmp;
        try {
            cmp = new BigDecimal(text).compareTo(new BigDecimal(bound));
        } catch (NumberFormatException | ArithmeticException e) {
            return ExpectationOutcome.fail("output is not a number");
        }
        boolean ok = lessThan ? cmp < 0 : cmp > 0;
        String relation = lessThan ? "less than " : "greater than ";
        return ok ? ExpectationOutcome.pass("output is " + relation + bound)
                : ExpectationOutcome.fail("output is not " + relation + bound);
    }

    private static ExpectationOutcome fileExists(String path, FileChecker files) {
        if (!isPlausiblePath(path)) {
            return ExpectationOutcome.fail("Path outside permitted directories");
        }
        try {
            ExpectationOutcome outcome = files.check(path);
            return outcome != null ? outcome : ExpectationOutcome.fail("file check returned no result");
        } catch (RuntimeException e) {
            return ExpectationOutcome.fail("file check failed");
        }
    }

    private static String stripTrailingLineBreaks(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
