package io.silas.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.channel.Card;
import io.silas.core.channel.SignedMessage;
import io.silas.core.json.Json;
import io.silas.core.work.WorkProgress;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The JSON frames the web channel sends (schema in {@code silas-web/PROTOCOL.md}). Stateless. */
final class OutboundFrames {
    private OutboundFrames() {
    }

    static String hello(SessionTokens.Session session, boolean enrolled, boolean accepting) {
        return write(frame("hello").put("role", session.role().name().toLowerCase(Locale.ROOT))
                .put("connection_id", session.connectionId()).put("enrolled", enrolled).put("accepting", accepting)
                .put("expires_at", SignedMessage.formatTimestamp(session.expiresAt())));
    }

    static String accepting() {
        return write(frame("accepting"));
    }

    static String enrolled(String fingerprint) {
        return write(frame("enrolled").put("fingerprint", fingerprint));
    }

    static String enrolRefused(String reason) {
        return write(frame("enrol_refused").put("reason", reason));
    }

    /**
     * A {@code progress} frame for a work progress line ({@code [kind] item: detail}, as the Stream writes it), a
     * {@code reply} frame for any other text.
     */
    static String text(String text) {
        String kind = progressKind(text);
        return kind == null ? write(frame("reply").put("text", text))
                : write(frame("progress").put("kind", kind).put("text", text));
    }

    static String replyPart(String replyId, String text) {
        return write(frame("reply_part").put("reply_id", replyId).put("text", text));
    }

    static String replyEnd(String replyId, String text) {
        return write(frame("reply_end").put("reply_id", replyId).put("text", text));
    }

    static String card(Card card, Instant deadline) {
        ObjectNode frame = frame("card");
        frame.set("card", Json.tree(card));
        return write(frame.put("deadline", SignedMessage.formatTimestamp(deadline)));
    }

    static String cardResult(String cardId, boolean accepted, String reason) {
        return write(frame("card_result").put("card_id", cardId).put("accepted", accepted).put("reason", reason));
    }

    static String error(String code, String message) {
        return write(frame("error").put("code", code).put("message", message));
    }

    private static @Nullable String progressKind(String text) {
        for (WorkProgress kind : WorkProgress.values()) {
            String name = kind.name().toLowerCase(Locale.ROOT);
            if (text.startsWith("[" + name + "] ")) {
                return name;
            }
        }
        return null;
    }

    private static ObjectNode frame(String type) {
        return Json.mapper().createObjectNode().put("type", type);
    }

    private static String write(ObjectNode node) {
        return node.toString();
    }
}
