package io.silas.core.context;

import io.silas.core.vocabulary.TaintLevel;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The metadata-tagged block format of docs/contracts.md#context-window and the delimiter/control-character scrub
 * applied to content. Every block that is not the owner's carries its trust in the header ({@code | auth}, {@code |
 * external}), so text from a customer or stranger — including the model's replies in such a turn, which carry the
 * turn's taint — never renders like the owner's. Stateless.
 *
 * <p><b>Security guarantees:</b> only an {@code owner}-tainted item renders without a trust mark; content cannot
 * forge a header, since every line starting with {@code ---} is escaped.
 */
final class BlockFormat {
    static final String END = "--- end ---";
    static final String USER = "user";
    static final String ASSISTANT = "assistant";
    /** {@code ---} at the start of the text or after any Unicode line break ({@code \\R}). */
    private static final Pattern DELIMITER_LINE =
            Pattern.compile("(?:^|(?<=[\\n\\r\\u000B\\u000C\\u0085\\u2028\\u2029]))---");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]");
    private static final Pattern LINE_BREAKS = Pattern.compile("\\R+");

    private BlockFormat() {
    }

    /** One rendered block: header, content (delimiter lines escaped), end marker. */
    static String block(ContextItem item) {
        return header(item) + '\n' + escape(item.content()) + '\n' + END;
    }

    static String header(ContextItem item) {
        String state = item.masked() ? "masked" : "live";
        String source = hasLineBreak(item.source()) ? LINE_BREAKS.matcher(item.source()).replaceAll(" ")
                : item.source();
        String body = switch (item.kind()) {
            case MESSAGE -> "turn " + item.turnNumber() + " | " + role(source) + " | " + state;
            case TOOL_RESULT -> "tool_result | turn " + item.turnNumber() + " | " + state;
            case MEMORY -> "memory | " + item.createdAt().atZone(ZoneOffset.UTC).toLocalDate() + " | \"" + source
                    + "\"";
            case SUBSCRIPTION -> "subscription | " + source + " | " + state;
            case SYSTEM -> "system | " + source;
            case PLAN, EXECUTION_RESULT -> item.kind().name().toLowerCase(Locale.ROOT) + " | turn "
                    + item.turnNumber() + " | " + source;
        };
        return "--- " + body + trustMark(item.taint()) + " ---";
    }

    /**
     * The trust mark of a block that is not the owner's: {@code | auth} or {@code | external}; none for the owner's
     * blocks (an owner-signed message, the harness's own items, the model's replies in an owner turn).
     */
    private static String trustMark(TaintLevel taint) {
        return switch (taint) {
            case OWNER -> "";
            case AUTH -> " | auth";
            case EXTERNAL -> " | external";
        };
    }

    /** The role label of a message block: {@value #USER} for channel sources, {@value #ASSISTANT} for agents. */
    static String role(String source) {
        if (source.startsWith("channel:")) {
            return USER;
        }
        if (source.startsWith("agent:")) {
            return ASSISTANT;
        }
        return source;
    }

    /**
     * Prefixes every line that begins with {@code ---} (after any Unicode line break) with a backslash so
     * content cannot forge a block boundary.
     */
    static String escape(String content) {
        return content.contains("---") ? DELIMITER_LINE.matcher(content).replaceAll("\\\\---") : content;
    }

    /** Whether {@code text} holds a character of {@code \\R} (fast path: every turn renders every header). */
    private static boolean hasLineBreak(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '\n' && c <= '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    /** {@link #escape} plus removal of control characters other than newline and tab. */
    static String scrub(String content) {
        return escape(CONTROL.matcher(content).replaceAll(""));
    }
}
