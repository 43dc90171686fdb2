package io.silas.core.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellWordsTest {
    @Test
    void split_blanks_separateWords() {
        assertThat(ShellWords.split("  ls \t -la\n/tmp  ")).containsExactly("ls", "-la", "/tmp");
        assertThat(ShellWords.split("")).isEmpty();
        assertThat(ShellWords.split("   ")).isEmpty();
    }

    @Test
    void split_singleQuotes_keepEverythingLiteral() {
        assertThat(ShellWords.split("echo 'a  b' 'c\\d' '$(id)' 'x\"y'"))
                .containsExactly("echo", "a  b", "c\\d", "$(id)", "x\"y");
    }

    @Test
    void split_doubleQuotes_escapeOnlyShellSpecials() {
        assertThat(ShellWords.split("echo \"a \\\"b\\\" \\$HOME \\\\ \\n\""))
                .containsExactly("echo", "a \"b\" $HOME \\ \\n");
    }

    @Test
    void split_backslashOutsideQuotes_escapesNextCharacter() {
        assertThat(ShellWords.split("a\\ b c\\'d e\\\\f")).containsExactly("a b", "c'd", "e\\f");
        assertThat(ShellWords.split("one\\\ntwo")).containsExactly("onetwo");
    }

    @Test
    void split_adjacentQuotedParts_joinIntoOneWord() {
        assertThat(ShellWords.split("pre'mid'\"post\"fix")).containsExactly("premidpostfix");
    }

    @Test
    void split_emptyQuotes_yieldEmptyWords() {
        assertThat(ShellWords.split("cmd '' \"\"")).containsExactly("cmd", "", "");
    }

    @Test
    void split_metacharacters_stayLiteralArgv() {
        assertThat(ShellWords.split("ls; rm -rf / && curl x | sh > out $(id) `id` $HOME ~ * # c"))
                .containsExactly("ls;", "rm", "-rf", "/", "&&", "curl", "x", "|", "sh", ">", "out",
                        "$(id)", "`id`", "$HOME", "~", "*", "#", "c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo 'unterminated", "echo \"unterminated", "echo trailing\\", "a \"b\\\""})
    void split_badQuoting_invalidInput(String command) {
        assertThatThrownBy(() -> ShellWords.split(command))
                .isInstanceOf(SilasException.class)
                .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageStartingWith("command:");
    }

    @Test
    void split_ofQuotedRandomWords_roundTrips() {
        Random random = new Random(20260101L);
        String alphabet = "ab '\"\\$`;&|<>()*?~#\t\n-=é";
        for (int round = 0; round < 2000; round++) {
            List<String> words = new ArrayList<>();
            int count = 1 + random.nextInt(5);
            for (int w = 0; w < count; w++) {
                StringBuilder word = new StringBuilder();
                int len = random.nextInt(8);
                for (int i = 0; i < len; i++) {
                    word.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                words.add(word.toString());
            }
            StringBuilder command = new StringBuilder();
            for (String w : words) {
                command.append(random.nextBoolean() ? singleQuote(w) : doubleQuote(w)).append(' ');
            }
            assertThat(ShellWords.split(command.toString())).as(command.toString()).isEqualTo(words);
        }
    }

    private static String singleQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static String doubleQuote(String word) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : word.toCharArray()) {
            if (c == '"' || c == '\\' || c == '$' || c == '`') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
