package io.silas.core.persona;

import io.silas.core.error.SilasException;
import java.time.Instant;

/**
 * The persisted personality state of one scope ({@code owner} or a connection id): the slow-changing
 * baseline axes, the fast-changing mood, the active preset and voice, and the last detected context key.
 * Immutable; state changes produce copies through the {@code withX} methods, which also stamp
 * {@code updatedAt}.
 *
 * <p>Personality shapes wording, pacing and tone only. It never alters security, approval or policy
 * decisions.
 */
public record PersonaState(String scopeId, AxisProfile baselineAxes, MoodState mood, String activePreset,
                           VoiceConfig voice, String lastContext, Instant updatedAt) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param scopeId      the scope the call belongs to
     * @param baselineAxes the baseline axes
     * @param mood         the mood
     * @param activePreset the active preset
     * @param voice        the voice
     * @param lastContext  the last context
     * @param updatedAt    last modification, not before {@code createdAt}
     */
    public PersonaState {
        if (scopeId == null || scopeId.isBlank()) {
            throw SilasException.invalid("scope_id", "must not be blank");
        }
        if (baselineAxes == null) {
            throw SilasException.invalid("baseline_axes", "must not be null");
        }
        if (mood == null) {
            throw SilasException.invalid("mood", "must not be null");
        }
        if (activePreset == null || activePreset.isBlank()) {
            throw SilasException.invalid("active_preset", "must not be blank");
        }
        if (voice == null) {
            throw SilasException.invalid("voice", "must not be null");
        }
        if (lastContext == null) {
            throw SilasException.invalid("last_context", "must not be null (use \"\" for none)");
        }
        if (updatedAt == null) {
            throw SilasException.invalid("updated_at", "must not be null");
        }
    }

    /**
     * {@return a copy with a new baseline, stamped {@code at}}
     *
     * @param axes the axes
     * @param at when it happened (executor clock)
     */
    public PersonaState withBaselineAxes(AxisProfile axes, Instant at) {
        return new PersonaState(scopeId, axes, mood, activePreset, voice, lastContext, at);
    }

    /**
     * {@return a copy with a new mood, stamped {@code at}}
     *
     * @param newMood the new mood
     * @param at when it happened (executor clock)
     */
    public PersonaState withMood(MoodState newMood, Instant at) {
        return new PersonaState(scopeId, baselineAxes, newMood, activePreset, voice, lastContext, at);
    }

    /**
     * {@return a copy with another active preset and its voice, stamped {@code at}}
     *
     * @param preset the preset
     * @param presetVoice the preset voice
     * @param at when it happened (executor clock)
     */
    public PersonaState withPreset(String preset, VoiceConfig presetVoice, Instant at) {
        return new PersonaState(scopeId, baselineAxes, mood, preset, presetVoice, lastContext, at);
    }

    /**
     * {@return a copy with a new last detected context key, stamped {@code at}}
     *
     * @param contextKey the context key
     * @param at when it happened (executor clock)
     */
    public PersonaState withLastContext(String contextKey, Instant at) {
        return new PersonaState(scopeId, baselineAxes, mood, activePreset, voice, contextKey, at);
    }
}
