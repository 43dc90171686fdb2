package io.silas.core.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.silas.core.error.SilasException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A deterministic success predicate (docs/contracts.md#work-items-and-plans): exactly one of the eight predicate fields
 * is set. Evaluated by {@link Expectations} for verification checks and script gates alike.
 *
 * <p>{@code not_empty}, when present, must be {@code true}; a regex must compile and is limited to
 * {@value #MAX_REGEX_LENGTH} characters; {@code output_lt}/{@code output_gt} must be finite;
 * {@code file_exists} must be a non-blank path without {@code ..} segments (the evaluator's caller
 * additionally confines it to permitted directories). Immutable and thread-safe.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Expectation(@Nullable Integer exitCode,
                          @JsonProperty("equals") @Nullable String equalTo,
                          @Nullable String contains,
                          @Nullable String regex,
                          @Nullable Double outputLt,
                          @Nullable Double outputGt,
                          @Nullable String fileExists,
                          @Nullable Boolean notEmpty) {
    /** Upper bound on the length of a regex predicate. */
    public static final int MAX_REGEX_LENGTH = 2000;

    /** The predicate an expectation carries. */
    public enum Predicate {
        /** The exit status equals a number. */
        EXIT_CODE,
        /** The output, without trailing line breaks, equals a text. */
        EQUALS,
        /** The output contains a text. */
        CONTAINS,
        /** A regular expression is found in the output. */
        REGEX,
        /** The output is a number below a bound. */
        OUTPUT_LT,
        /** The output is a number above a bound. */
        OUTPUT_GT,
        /** A file exists inside the permitted directories. */
        FILE_EXISTS,
        /** The output is not empty. */
        NOT_EMPTY
    }

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param exitCode   the exit status of the checked command
     * @param equalTo    the equal to
     * @param contains   the contains
     * @param regex      the regex
     * @param outputLt   the output lt
     * @param outputGt   the output gt
     * @param fileExists the file exists
     * @param notEmpty   the not empty
     */
    public Expectation {
        int set = 0;
        set += exitCode != null ? 1 : 0;
        set += equalTo != null ? 1 : 0;
        set += contains != null ? 1 : 0;
        set += regex != null ? 1 : 0;
        set += outputLt != null ? 1 : 0;
        set += outputGt != null ? 1 : 0;
        set += fileExists != null ? 1 : 0;
        set += notEmpty != null ? 1 : 0;
        if (set != 1) {
            throw SilasException.invalid("expect", "exactly one predicate must be set, found " + set);
        }
        if (notEmpty != null && !notEmpty) {
            throw SilasException.invalid("expect.not_empty", "must be true when set");
        }
        if (outputLt != null && !Double.isFinite(outputLt)) {
            throw SilasException.invalid("expect.output_lt", "must be finite");
        }
        if (outputGt != null && !Double.isFinite(outputGt)) {
            throw SilasException.invalid("expect.output_gt", "must be finite");
        }
        if (fileExists != null && !Expectations.isPlausiblePath(fileExists)) {
            throw SilasException.invalid("expect.file_exists", "must be a non-blank path without '..' segments");
        }
        if (regex != null) {
            validateRegex(regex);
        }
    }

    /**
     * {@return an expectation that the exit status is {@code code}}
     *
     * @param code the expected exit status
     */
    public static Expectation exitCodeIs(int code) {
        return new Expectation(code, null, null, null, null, null, null, null);
    }

    /**
     * {@return an expectation that the output equals {@code text}}
     *
     * @param text the text
     */
    public static Expectation outputEquals(String text) {
        return new Expectation(null, text, null, null, null, null, null, null);
    }

    /**
     * {@return an expectation that the output contains {@code text}}
     *
     * @param text the text
     */
    public static Expectation outputContains(String text) {
        return new Expectation(null, null, text, null, null, null, null, null);
    }

    /**
     * {@return an expectation that {@code regex} is found in the output}
     *
     * @param regex the regex
     */
    public static Expectation outputMatches(String regex) {
        return new Expectation(null, null, null, regex, null, null, null, null);
    }

    /**
     * {@return an expectation that the output is a number below {@code bound}}
     *
     * @param bound the bound
     */
    public static Expectation outputLessThan(double bound) {
        return new Expectation(null, null, null, null, bound, null, null, null);
    }

    /**
     * {@return an expectation that the output is a number above {@code bound}}
     *
     * @param bound the bound
     */
    public static Expectation outputGreaterThan(double bound) {
        return new Expectation(null, null, null, null, null, bound, null, null);
    }

    /**
     * {@return an expectation that {@code path} exists inside the permitted directories}
     *
     * @param path the path
     */
    public static Expectation fileExistsAt(String path) {
        return new Expectation(null, null, null, null, null, null, path, null);
    }

    /** {@return an expectation that the output is not empty} */
    public static Expectation outputNotEmpty() {
        return new Expectation(null, null, null, null, null, null, null, true);
    }

    /** {@return which predicate is set} */
    public Predicate predicate() {
        if (exitCode != null) {
            return Predicate.EXIT_CODE;
        } else if (equalTo != null) {
            return Predicate.EQUALS;
        } else if (contains != null) {
            return Predicate.CONTAINS;
        } else if (regex != null) {
            return Predicate.REGEX;
        } else if (outputLt != null) {
            return Predicate.OUTPUT_LT;
        } else if (outputGt != null) {
            return Predicate.OUTPUT_GT;
        } else if (fileExists != null) {
            return Predicate.FILE_EXISTS;
        }
        return Predicate.NOT_EMPTY;
    }

    private static void validateRegex(String regex) {
        if (regex.length() > MAX_REGEX_LENGTH) {
            throw SilasException.invalid("expect.regex", "longer than " + MAX_REGEX_LENGTH + " characters");
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw SilasException.invalid("expect.regex", "does not compile: " + e.getDescription());
        } catch (StackOverflowError e) {
            throw SilasException.invalid("expect.regex", "nested too deeply");
        }
    }
}
