package io.silas.core.memory;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits text into words the way keyword search compares them: maximal runs of letters, digits and
 * private-use characters (FTS5 {@code unicode61}'s default token characters), lower-cased, accents removed.
 */
final class Keywords {
    private static final Pattern MARKS = Pattern.compile("\\p{Mn}+");

    private Keywords() {
    }

    /** Every word of the text, in order, with repeats. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        split(text, words, Integer.MAX_VALUE);
        return words;
    }

    /** The distinct words of the text in first-seen order, at most {@code max}. */
    static List<String> distinct(String text, int max) {
        Set<String> words = new LinkedHashSet<>();
        split(text, words, max);
        return List.copyOf(words);
    }

    private static void split(String text, Collection<String> out, int max) {
        StringBuilder current = new StringBuilder();
        for (int i = 0; i <= text.length() && out.size() < max; ) {
            int cp = i < text.length() ? text.codePointAt(i) : ' ';
            if (isWordChar(cp)) {
                current.appendCodePoint(cp);
            } else if (current.length() > 0) {
                out.add(fold(current.toString()));
                current.setLength(0);
            }
            i += Character.charCount(cp);
        }
    }

    private static boolean isWordChar(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.PRIVATE_USE -> true;
            default -> false;
        };
    }

    private static String fold(String word) {
        if (isAscii(word)) {
            return word.toLowerCase(Locale.ROOT); // NFD leaves ASCII as it is and it holds no marks
        }
        String decomposed = Normalizer.normalize(word.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        return MARKS.matcher(decomposed).replaceAll("");
    }

    private static boolean isAscii(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
