package io.silas.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.silas.core.error.SilasException;

/** Any expectation the model can express, against any output: a value, never an exception. */
class ExpectationsFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void evaluate_anyInput_neverThrows(FuzzedDataProvider data) {
        Expectation expect;
        try {
            expect = expectation(data);
        } catch (SilasException e) {
            return;
        }
        Integer exitCode = data.consumeBoolean() ? data.consumeInt() : null;
        String output = data.consumeBoolean() ? null : data.consumeRemainingAsString();
        FileChecker checker = path -> {
            if (path.hashCode() % 3 == 0) {
                throw new IllegalStateException("checker failure");
            }
            return path.hashCode() % 3 == 1 ? null : ExpectationOutcome.pass("exists");
        };
        ExpectationOutcome outcome = Expectations.evaluate(expect, output, exitCode, checker);
        assertThat(outcome).isNotNull();
        assertThat(outcome.reason()).isNotNull();
        assertThat(Expectations.evaluate(expect, output, exitCode)).isNotNull();
    }

    private static Expectation expectation(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 7)) {
            case 0 -> Expectation.exitCodeIs(data.consumeInt());
            case 1 -> Expectation.outputEquals(data.consumeString(64));
            case 2 -> Expectation.outputContains(data.consumeString(64));
            case 3 -> Expectation.outputMatches(data.consumeString(64));
            case 4 -> Expectation.outputLessThan(data.consumeDouble());
            case 5 -> Expectation.outputGreaterThan(data.consumeDouble());
            case 6 -> Expectation.fileExistsAt(data.consumeString(64));
            default -> Expectation.outputNotEmpty();
        };
    }
}
