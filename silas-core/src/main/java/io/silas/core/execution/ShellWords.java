package io.silas.core.execution;

import io.silas.core.error.SilasException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command string into argv words with POSIX shell quoting rules — and nothing else. The words are
 * never handed to a shell: operators ({@code ;}, {@code &&}, {@code |}, {@code >}), expansions
 * ({@code $VAR}, {@code $(cmd)}, backticks, globs, {@code ~}) and {@code #} stay literal characters of the
 * words they appear in.
 *
 * <p>Rules: unquoted blanks (space, tab, newline) separate words; a backslash outside quotes takes the next
 * character literally (backslash-newline is removed); single quotes keep everything literally up to the next
 * single quote; inside double quotes a backslash escapes only {@code $ ` " \} and newline; {@code ''} and
 * {@code ""} yield an empty word. Unbalanced quotes and a trailing backslash are {@code INVALID_INPUT}.
 *
 * <p><b>Security guarantees.</b> Splitting is a pure function with no expansion, so the resulting argv is
 * exactly what the string spells; there is no way to make it run a second command. Thread-safe.
 */
public final class ShellWords {
    private ShellWords() {
    }

    /**
     * Splits the command; throws {@code INVALID_INPUT} (field {@code command}) on bad quoting.
     *
     * @param command the exact direct command or script, null for agent-run items
     * @return the list
     */
    public static List<String> split(String command) {
        if (command == null) {
            throw SilasException.invalid("command", "is required");
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = command.length();
        while (i < n) {
            char c = command.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw SilasException.invalid("command", "ends with an unescaped backslash");
                }
                char next = command.charAt(i + 1);
                if (next != '\n') {
                    word.append(next);
                    inWord = true;
                }
                i += 2;
            } else if (c == '\'') {
                int close = command.indexOf('\'', i + 1);
                if (close < 0) {
                    throw SilasException.invalid("command", "has an unterminated single quote at position " + i);
                }
                word.append(command, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                i = doubleQuoted(command, i, word);
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    /** Appends the content of the double-quoted string starting at {@code open}; returns the index after it. */
    private static int doubleQuoted(String command, int open, StringBuilder word) {
        int i = open + 1;
        int n = command.length();
        while (i < n) {
            char c = command.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < n) {
                char next = command.charAt(i + 1);
                if (next == '$' || next == '`' || next == '"' || next == '\\') {
                    word.append(next);
                    i += 2;
                    continue;
                }
                if (next == '\n') {
                    i += 2;
                    continue;
                }
            }
            word.append(c);
            i++;
        }
        throw SilasException.invalid("command", "has an unterminated double quote at position " + open);
    }
}
