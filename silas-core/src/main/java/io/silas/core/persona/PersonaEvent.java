package io.silas.core.persona;

import io.silas.core.error.SilasException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One append-only record of something that moved a persona: the runtime event type ({@code task_completed},
 * {@code ci_failure}, {@code feedback_too_harsh}, ...), whether its source is trusted for baseline drift,
 * the axis and mood adjustments it caused, and its source ({@code runtime}, {@code owner_feedback},
 * {@code channel}).
 *
 * <p>Delta keys must be names from {@link AxisProfile#AXES} and {@link MoodState#FIELDS}; values must be
 * finite. Maps are copied; null maps become empty. Immutable.
 */
public record PersonaEvent(String eventId, String scopeId, String eventType, boolean trusted,
                           Map<String, Double> deltaAxes, Map<String, Double> deltaMood, String source,
                           Instant createdAt) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param eventId   the event id
     * @param scopeId   the scope the call belongs to
     * @param eventType the event type
     * @param trusted   the trusted
     * @param deltaAxes the delta axes
     * @param deltaMood the delta mood
     * @param source    how the value was decided
     * @param createdAt when the record was created
     */
    public PersonaEvent {
        requireText("event_id", eventId);
        requireText("scope_id", scopeId);
        requireText("event_type", eventType);
        deltaAxes = deltas("delta_axes", deltaAxes, AxisProfile.AXES);
        deltaMood = deltas("delta_mood", deltaMood, MoodState.FIELDS);
        requireText("source", source);
        if (createdAt == null) {
            throw SilasException.invalid("created_at", "must not be null");
        }
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw SilasException.invalid(field, "must not be blank");
        }
    }

    private static Map<String, Double> deltas(String field, Map<String, Double> values, List<String> allowed) {
        if (values == null) {
            return Map.of();
        }
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw SilasException.invalid(field, "unknown key " + e.getKey() + "; allowed: " + allowed);
            }
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw SilasException.invalid(field, e.getKey() + " must be a finite number");
            }
        }
        return Map.copyOf(values);
    }
}
