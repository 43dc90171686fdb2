package io.silas.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.SilasException;
import io.silas.execution.ShellWords;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandWordsTest {
    @Test
    void split_quotingRules() {
        assertThat(CommandWords.split("python3 check.py --max 'a b' \"c \\\"d\\\"\" e\\ f"))
                .containsExactly("python3", "check.py", "--max", "a b", "c \"d\"", "e f");
        assertThat(CommandWords.split("echo $(id) `id` && x; y | z > f")).containsExactly("echo", "$(id)", "`id`",
                "&&", "x;", "y", "|", "z", ">", "f");
        assertThat(CommandWords.split("a '' \"\"")).containsExactly("a", "", "");
        assertThat(CommandWords.split("   ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"'open", "\"open", "trailing\\"})
    void split_badQuoting_invalidInput(String bad) {
        assertThatThrownBy(() -> CommandWords.split(bad)).isInstanceOf(SilasException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh -c 'printf %s \"$X\"'", "a\\\nb \"x\\\ny\" 'q\\z'", "\"a\\b\\$c\\`\"", "x\ty\nz",
            "\"nested 'single'\" 'nested \"double\"'", "#comment stays", "~ * ?"})
    void split_sameAsSandboxShellWords(String command) {
        assertThat(CommandWords.split(command)).isEqualTo(ShellWords.split(command));
    }

    @Test
    void split_sameErrorsAsShellWords() {
        for (String bad : List.of("'x", "\"x", "x\\")) {
            assertThatThrownBy(() -> ShellWords.split(bad)).isInstanceOf(SilasException.class);
            assertThatThrownBy(() -> CommandWords.split(bad)).isInstanceOf(SilasException.class);
        }
    }
}
