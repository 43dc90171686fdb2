package io.silas.core.channel;

import io.silas.core.error.SilasException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Shared validation of the card records; every failure names the offending JSON field. */
final class Cards {
    private Cards() {
    }

    static void common(String cardId, String intent, Object riskLevel, String rationale, int timeoutSeconds) {
        text(cardId, "card_id");
        text(intent, "intent");
        if (riskLevel == null) {
            throw SilasException.invalid("risk_level", "is required");
        }
        text(rationale, "rationale");
        if (timeoutSeconds <= 0) {
            throw SilasException.invalid("timeout_seconds", "must be > 0");
        }
    }

    static String text(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw SilasException.invalid(field, "must not be blank");
        }
        return value;
    }

    /** The actions must have exactly {@code allowed} as values, in that order (CTA ordering rule). */
    static List<CardAction> actions(@Nullable List<CardAction> actions, List<String> allowed) {
        if (actions == null) {
            throw SilasException.invalid("actions", "is required");
        }
        List<String> values = new ArrayList<>();
        for (CardAction action : actions) {
            if (action == null) {
                throw SilasException.invalid("actions", "must not contain null");
            }
            values.add(action.value());
        }
        if (!values.equals(allowed)) {
            throw SilasException.invalid("actions", "must be exactly " + allowed + " in this order");
        }
        return List.copyOf(actions);
    }

    /** A copy of {@code values}; null or blank entries are rejected under {@code field}. */
    static List<String> strings(@Nullable List<String> values, String field) {
        if (values == null) {
            throw SilasException.invalid(field, "is required");
        }
        for (String value : values) {
            text(value, field);
        }
        return List.copyOf(values);
    }

    static List<CardAction> labelled(List<String> values, List<String> labels) {
        List<CardAction> actions = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            actions.add(new CardAction(values.get(i), labels.get(i)));
        }
        return List.copyOf(actions);
    }
}
