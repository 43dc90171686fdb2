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
        EXIT_CODE, EQUALS, CONTAINS, REGEX, OUTPUT_LT, OUTPUT_GT, FILE_EXISTS, NOT_EMPTY
    }

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

    public static Expectation exitCodeIs(int code) {
        return new Expectation(code, null, null, null, null, null, null, null);
    }

    public static Expectation outputEquals(String text) {
        return new Expectation(null, text, null, null, null, null, null, null);
    }

    public static Expectation outputContains(String text) {
        return new Expectation(null, null, text, null, null, null, null, null);
    }

    public static Expectation outputMatches(String regex) {
        return new Expectation(null, null, null, regex, null, null, null, null);
    }

    public static Expectation outputLessThan(double bound) {
        return new Expectation(null, null, null, null, bound, null, null, null);
    }

    public static Expectation outputGreaterThan(double bound) {
        return new Expectation(null, null, null, null, null, bound, null, null);
    }

    public static Expectation fileExistsAt(String path) {
        return new Expectation(null, null, null, null, null, null, path, null);
    }

    public static Expectation outputNotEmpty() {
        return new Expectation(null, null, null, null, null, null, null, true);
    }

    /** Which predicate is set. */
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
