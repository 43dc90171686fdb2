package io.silas.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationsTest {
    private static boolean passes(Expectation e, String output, Integer exitCode) {
        return Expectations.evaluate(e, output, exitCode).passed();
    }

    @Test
    void exitCode_comparesExitCode() {
        assertThat(passes(Expectation.exitCodeIs(0), "", 0)).isTrue();
        assertThat(Expectations.evaluate(Expectation.exitCodeIs(0), "", 2).reason()).isEqualTo("exit code 2, expected 0");
        assertThat(passes(Expectation.exitCodeIs(0), "", null)).isFalse();
    }

    @Test
    void equals_exactAfterTrailingLineBreaks() {
        assertThat(passes(Expectation.outputEquals("ok"), "ok\n", 0)).isTrue();
        assertThat(passes(Expectation.outputEquals("ok"), "ok\r\n", 0)).isTrue();
        assertThat(passes(Expectation.outputEquals("ok"), " ok\n", 0)).isFalse();
        assertThat(passes(Expectation.outputEquals("ok"), "okay", 0)).isFalse();
        assertThat(passes(Expectation.outputEquals(""), null, 0)).isTrue();
    }

    @Test
    void contains_substringOfRawOutput() {
        assertThat(passes(Expectation.outputContains("PASSED"), "3 PASSED in 0.1s", 0)).isTrue();
        assertThat(passes(Expectation.outputContains("PASSED"), "3 FAILED", 0)).isFalse();
    }

    @Test
    void regex_findsAnywhere() {
        assertThat(passes(Expectation.outputMatches("\\d+ passed"), "== 12 passed ==", 0)).isTrue();
        assertThat(passes(Expectation.outputMatches("^passed$"), "12 passed", 0)).isFalse();
    }

    @Test
    void regex_catastrophicBacktracking_failsWithinBudget() {
        ExpectationOutcome outcome = Expectations.evaluate(Expectation.outputMatches("(.*a){20}"),
                "a".repeat(19) + "b".repeat(30), 0);
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.reason()).contains("step budget");
    }

    @Test
    void outputLtGt_parseTrimmedDecimal() {
        assertThat(passes(Expectation.outputLessThan(3600), "120\n", 0)).isTrue();
        assertThat(passes(Expectation.outputLessThan(3600), "3600", 0)).isFalse();
        assertThat(passes(Expectation.outputGreaterThan(0.5), " 0.75 ", 0)).isTrue();
        assertThat(passes(Expectation.outputGreaterThan(0.5), "-1e3", 0)).isFalse();
        assertThat(Expectations.evaluate(Expectation.outputLessThan(1), "NaN", 0).reason())
                .isEqualTo("output is not a number");
        assertThat(passes(Expectation.outputGreaterThan(0), "Infinity", 0)).isFalse();
        assertThat(passes(Expectation.outputGreaterThan(0), "0x10", 0)).isFalse();
        assertThat(passes(Expectation.outputGreaterThan(0), "1e999999999999", 0)).isFalse();
    }

    @Test
    void notEmpty_requiresNonWhitespace() {
        assertThat(passes(Expectation.outputNotEmpty(), "x", 0)).isTrue();
        assertThat(passes(Expectation.outputNotEmpty(), " \n", 0)).isFalse();
        assertThat(passes(Expectation.outputNotEmpty(), null, 0)).isFalse();
    }

    @Test
    void fileExists_delegatesScreenedPathToChecker() {
        List<String> asked = new ArrayList<>();
        FileChecker checker = path -> {
            asked.add(path);
            return path.equals("out/report.txt") ? ExpectationOutcome.pass("exists") : ExpectationOutcome.fail("missing");
        };
        assertThat(Expectations.evaluate(Expectation.fileExistsAt("out/report.txt"), "", 0, checker).passed()).isTrue();
        assertThat(Expectations.evaluate(Expectation.fileExistsAt("nope"), "", 0, checker).passed()).isFalse();
        assertThat(asked).containsExactly("out/report.txt", "nope");
    }

    @Test
    void fileExists_withoutCheckerOrThrowingChecker_fails() {
        assertThat(passes(Expectation.fileExistsAt("x"), "", 0)).isFalse();
        FileChecker broken = path -> {
            throw new IllegalStateException("boom");
        };
        assertThat(Expectations.evaluate(Expectation.fileExistsAt("x"), "", 0, broken).reason())
                .isEqualTo("file check failed");
    }

    @Test
    void reasons_neverEchoOutput() {
        String secretish = "TOKEN-abc123";
        for (Expectation e : List.of(Expectation.outputEquals("x"), Expectation.outputContains("x"),
                Expectation.outputMatches("x"), Expectation.outputLessThan(1), Expectation.outputNotEmpty())) {
            assertThat(Expectations.evaluate(e, secretish, 0).reason()).doesNotContain(secretish);
        }
    }
}
