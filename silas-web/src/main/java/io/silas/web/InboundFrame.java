package io.silas.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A frame a browser sends on the web channel's WebSocket (schema in {@code silas-web/PROTOCOL.md}). Each frame is
 * one JSON object with a {@code type} and exactly that type's fields; anything else parses to {@code null} and the
 * connection is closed with {@link CloseCodes#BAD_FRAME}.
 */
sealed interface InboundFrame {
    /** {@code {"type":"auth","token":...}}: must be the first frame. */
    record Auth(String token) implements InboundFrame {
    }

    /** {@code {"type":"enrol","code":...,"public_key":base64}}: owner sessions only. */
    record Enrol(String code, byte[] publicKey) implements InboundFrame {
    }

    /**
     * {@code {"type":"message","text":...}} unsigned, or with {@code nonce}, {@code timestamp} and base64
     * {@code signature} (all three or none) when signed by the device key.
     */
    record Message(String text, @Nullable String nonce, @Nullable Instant timestamp, byte @Nullable [] signature)
            implements InboundFrame {
        boolean signed() {
            return signature != null;
        }
    }

    /** {@code {"type":"card_answer","card_id","choice","nonce","timestamp","signature"}}. */
    record CardAnswer(SignedCardAnswer answer) implements InboundFrame {
    }

    /** Parses {@code text}, or returns null for anything that is not exactly one valid frame. */
    static @Nullable InboundFrame parse(String text) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (Exception e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        String type = string(node, "type");
        if (type == null) {
            return null;
        }
        try {
            return switch (type) {
                case "auth" -> fields(node, Set.of("type", "token")) && string(node, "token") != null
                        ? new Auth(string(node, "token")) : null;
                case "enrol" -> fields(node, Set.of("type", "code", "public_key")) && string(node, "code") != null
                        && string(node, "public_key") != null
                        ? new Enrol(string(node, "code"), base64(string(node, "public_key"))) : null;
                case "message" -> message(node);
                case "card_answer" -> answer(node);
                default -> null;
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return null;
        }
    }

    private static @Nullable InboundFrame message(JsonNode node) {
        String text = string(node, "text");
        if (text == null) {
            return null;
        }
        if (fields(node, Set.of("type", "text"))) {
            return new Message(text, null, null, null);
        }
        if (!fields(node, Set.of("type", "text", "nonce", "timestamp", "signature"))) {
            return null;
        }
        String nonce = string(node, "nonce");
        String timestamp = string(node, "timestamp");
        String signature = string(node, "signature");
        if (nonce == null || timestamp == null || signature == null) {
            return null;
        }
        return new Message(text, nonce, Instant.parse(timestamp), base64(signature));
    }

    private static @Nullable InboundFrame answer(JsonNode node) {
        if (!fields(node, Set.of("type", "card_id", "choice", "nonce", "timestamp", "signature"))) {
            return null;
        }
        String cardId = string(node, "card_id");
        String choice = string(node, "choice");
        String nonce = string(node, "nonce");
        String timestamp = string(node, "timestamp");
        String signature = string(node, "signature");
        if (cardId == null || choice == null || nonce == null || timestamp == null || signature == null
                || cardId.isBlank() || choice.isBlank()) {
            return null;
        }
        return new CardAnswer(new SignedCardAnswer(cardId, choice, nonce, Instant.parse(timestamp),
                base64(signature)));
    }

    /** Whether the object has exactly {@code names} as fields. */
    private static boolean fields(JsonNode node, Set<String> names) {
        if (node.size() != names.size()) {
            return false;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            if (!names.contains(it.next())) {
                return false;
            }
        }
        return true;
    }

    private static @Nullable String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static byte[] base64(String value) {
        return Base64.getDecoder().decode(value);
    }
}
