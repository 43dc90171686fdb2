package io.silas.langchain4j;

import io.silas.core.agent.AgentListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the reply text inside a structured answer while the model is still streaming it: a small incremental JSON
 * scanner that forwards the decoded characters of one string value — the route decision's
 * {@code response.message}, or the agent response's {@code message} — to the turn's {@link AgentListener} as they
 * arrive, everything else (keys, other values, code fences) being skipped. The proxy's message streams only when
 * the answer named {@code "route": "direct"} before it (a planner route's reply is the planner's, not this one).
 * Not thread-safe: one instance per model call, fed in order from the model's callback.
 *
 * <p><b>Security guarantees:</b> this only chooses which characters may be shown early; the Stream releases them
 * only after its output gates passed them, and the complete answer is still read and validated whole.
 */
final class ReplyText {
    private static final String ARRAY = "[";
    private static final int MAX_ROUTE_CHARS = 32;
    private static final int MAX_KEY_CHARS = 128;

    private final List<String> target;
    private final boolean directOnly;
    private final AgentListener listener;
    /** The key of each open container (the array marker for arrays); its last entry is the innermost. */
    private final List<String> keys = new ArrayList<>();
    private final StringBuilder token = new StringBuilder();
    private final StringBuilder out = new StringBuilder();
    private boolean expectingKey;
    private boolean inString;
    private boolean stringIsKey;
    private boolean emitting;
    private boolean capturingRoute;
    private boolean escape;
    private int unicodeLeft;
    private int unicode;
    private String route = "";

    private ReplyText(List<String> target, boolean directOnly, AgentListener listener) {
        this.target = target;
        this.directOnly = directOnly;
        this.listener = listener;
    }

    /** The proxy's reply: {@code response.message} of a direct route. */
    static ReplyText proxy(AgentListener listener) {
        return new ReplyText(List.of("response", "message"), true, listener);
    }

    /** The planner's reply: {@code message}. */
    static ReplyText planner(AgentListener listener) {
        return new ReplyText(List.of("message"), false, listener);
    }

    /** Scans the next piece of the answer and forwards the reply characters it holds. */
    void feed(String piece) {
        if (piece == null) {
            return;
        }
        for (int i = 0; i < piece.length(); i++) {
            char c = piece.charAt(i);
            if (inString) {
                inString(c);
            } else {
                structure(c);
            }
        }
        if (!out.isEmpty()) {
            listener.replyPart(out.toString());
            out.setLength(0);
        }
    }

    private void structure(char c) {
        switch (c) {
            case '{' -> {
                keys.add("");
                expectingKey = true;
            }
            case '[' -> keys.add(ARRAY);
            case '}', ']' -> {
                if (!keys.isEmpty()) {
                    keys.remove(keys.size() - 1);
                }
                expectingKey = false;
            }
            case ',' -> expectingKey = inObject();
            case ':' -> expectingKey = false;
            case '"' -> startString();
            default -> {
                // numbers, literals, white space and anything around the JSON carry no reply text
            }
        }
    }

    private void startString() {
        inString = true;
        stringIsKey = inObject() && expectingKey;
        token.setLength(0);
        if (!stringIsKey) {
            emitting = keys.equals(target) && (!directOnly || "direct".equals(route));
            capturingRoute = keys.size() == 1 && "route".equals(keys.get(0));
        }
    }

    private void inString(char c) {
        if (unicodeLeft > 0) {
            unicode = unicode * 16 + Character.digit(c, 16);
            if (--unicodeLeft == 0) {
                character((char) unicode);
            }
        } else if (escape) {
            escape = false;
            switch (c) {
                case 'n' -> character('\n');
                case 't' -> character('\t');
                case 'r' -> character('\r');
                case 'b' -> character('\b');
                case 'f' -> character('\f');
                case 'u' -> {
                    unicodeLeft = 4;
                    unicode = 0;
                }
                default -> character(c);
            }
        } else if (c == '\\') {
            escape = true;
        } else if (c == '"') {
            endString();
        } else {
            character(c);
        }
    }

    private void endString() {
        inString = false;
        if (stringIsKey && !keys.isEmpty()) {
            keys.set(keys.size() - 1, token.toString());
        } else if (capturingRoute) {
            route = token.toString();
        }
        emitting = false;
        capturingRoute = false;
    }

    private void character(char c) {
        if (emitting) {
            out.append(c);
        } else if ((stringIsKey && token.length() < MAX_KEY_CHARS)
                || (capturingRoute && token.length() < MAX_ROUTE_CHARS)) {
            token.append(c);
        }
    }

    private boolean inObject() {
        return !keys.isEmpty() && !ARRAY.equals(keys.get(keys.size() - 1));
    }
}
