package io.silas.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CronSyntaxTest {
    @ParameterizedTest
    @ValueSource(strings = {"*/15 * * * *", "0 0 * * *", "0,30 9-17 * * MON-FRI", "5 4 1 jan sun", "0 0 31 12 7",
        "  1  2  3  4  5 ", "*/1 0-23/2 1-31 1-12 0-6"})
    void isValid_plausibleExpressions_accepted(String expression) {
        assertThat(CronSyntax.isValid(expression)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *",
        "* * * * 8", "*/0 * * * *", "5-1 * * * *", "a * * * *", "* * * * MON-", "@hourly", "1,,2 * * * *",
        "* * * FOO *", "*/100 * * * *"})
    void isValid_brokenExpressions_rejected(String expression) {
        assertThat(CronSyntax.isValid(expression)).isFalse();
    }
}
