package io.silas.execution.search;

import java.util.regex.Pattern;

/**
 * Turns provider text (titles, snippets, which may carry {@code <strong>} markup and entities) into short plain
 * text for the model: tags removed, common entities decoded, whitespace collapsed, length capped at a code-point
 * boundary with an ellipsis.
 */
final class PlainText {
    private static final Pattern TAG = Pattern.compile("<[^<>]{0,500}>");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private PlainText() {
    }

    static String of(String text, int maxChars) {
        String plain = TAG.matcher(text).replaceAll("");
        plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&#x27;", "'").replace("&nbsp;", " ").replace("&amp;", "&");
        plain = SPACE.matcher(plain).replaceAll(" ").trim();
        if (plain.length() <= maxChars) {
            return plain;
        }
        int end = maxChars - 1;
        if (Character.isHighSurrogate(plain.charAt(end - 1))) {
            end--;
        }
        return plain.substring(0, end) + "…";
    }
}
