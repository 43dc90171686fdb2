package io.silas.gates;

import io.silas.core.error.SilasException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script gate's {@code check_command} into argv with POSIX shell quoting rules and nothing else — the
 * one place this module splits commands. It follows the same rules as {@code io.silas.execution.ShellWords}
 * (which this module cannot use: silas-gates depends on silas-core only); a test holds the two to the same
 * output.
 *
 * <p>Rules: unquoted blanks (space, tab, newline) separate words; a backslash outside quotes takes the next
 * character literally (backslash-newline is removed); single quotes keep everything up to the next single
 * quote; inside double quotes a backslash escapes only {@code $ ` " \} and newline. Unbalanced quotes and a
 * trailing backslash are {@code INVALID_INPUT}.
 *
 * <p><b>Security guarantees:</b> no expansion of any kind ({@code $VAR}, {@code $(..)}, backticks, globs,
 * {@code ~}, operators stay literal), and the words are handed to the sandbox as argv, never to a shell.
 * Context values are never part of the command. Thread-safe.
 */
final class CommandWords {
    private CommandWords() {
    }

    static List<String> split(String command) {
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
                    throw SilasException.invalid("check_command", "ends with an unescaped backslash");
                }
                if (command.charAt(i + 1) != '\n') {
                    word.append(command.charAt(i + 1));
                    inWord = true;
                }
                i += 2;
            } else if (c == '\'') {
                int close = command.indexOf('\'', i + 1);
                if (close < 0) {
                    throw SilasException.invalid("check_command", "has an unterminated single quote");
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
        throw SilasException.invalid("check_command", "has an unterminated double quote");
    }
}
