package io.silas.core.persona;

import io.silas.core.IdGenerator;
import io.silas.core.error.SilasException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The default {@link PersonalityEngine}: fixed context and event tables ({@link PersonaEffects}). Thread-safe. */
final class DefaultPersonalityEngine implements PersonalityEngine {
    static final String DEFAULT_PRESET = "default";

    private final PersonaStore store;
    private final Clock clock;
    private final IdGenerator ids;
    private final AxisProfile baseline;
    private final VoiceConfig voice;
    private final double halfLifeSeconds;

    DefaultPersonalityEngine(PersonaStore store, Clock clock, IdGenerator ids, AxisProfile baseline, VoiceConfig voice,
                             Duration moodHalfLife) {
        if (store == null || clock == null || ids == null || baseline == null || voice == null
                || moodHalfLife == null) {
            throw SilasException.invalid("personality_engine", "store, clock, ids, baseline, voice and half-life"
                    + " are required");
        }
        if (moodHalfLife.isNegative() || moodHalfLife.isZero()) {
            throw SilasException.invalid("mood_half_life", "must be positive");
        }
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.baseline = baseline;
        this.voice = voice;
        this.halfLifeSeconds = moodHalfLife.toMillis() / 1000.0;
    }

    @Override
    public PersonaState initialState(String scopeId) {
        return new PersonaState(PersonaStore.requireScope(scopeId), baseline, PersonaEffects.NEUTRAL_MOOD,
                DEFAULT_PRESET, voice, "", clock.instant());
    }

    @Override
    public PersonaState load(String scopeId) {
        return store.getState(scopeId).orElseGet(() -> initialState(scopeId));
    }

    @Override
    public void save(PersonaState state) {
        store.saveState(state);
    }

    @Override
    public AxisProfile effectiveAxes(PersonaState state, String contextKey) {
        Map<String, Double> deltas = new HashMap<>(PersonaEffects.moodDeltas(state.mood()));
        Map<String, Double> context = contextKey == null ? null : PersonaEffects.CONTEXT_DELTAS.get(contextKey);
        if (context != null) {
            context.forEach((axis, delta) -> deltas.merge(axis, delta, Double::sum));
        }
        return PersonaEffects.shift(state.baselineAxes(), deltas);
    }

    @Override
    public String renderDirectives(PersonaState state, String contextKey) {
        return PersonaDirectives.render(effectiveAxes(state, contextKey), state.mood(), state.voice());
    }

    @Override
    public PersonaState applyEvent(PersonaState state, String eventType, boolean trusted, String source) {
        PersonaEffects.Effect effect = PersonaEffects.EVENTS.getOrDefault(eventType,
                new PersonaEffects.Effect(Map.of(), Map.of()));
        Map<String, Double> axes = trusted ? effect.axes() : Map.of();
        Instant now = clock.instant();
        PersonaEvent event = new PersonaEvent(ids.next(), state.scopeId(), eventType, trusted, axes, effect.mood(),
                source, now);
        PersonaState next = state.withMood(PersonaEffects.shift(state.mood(), effect.mood()), now);
        if (!axes.isEmpty()) {
            next = next.withBaselineAxes(PersonaEffects.shift(next.baselineAxes(), axes), now);
        }
        store.appendEvent(event);
        store.saveState(next);
        return next;
    }

    @Override
    public PersonaState decay(PersonaState state, Instant now) {
        double elapsed = Duration.between(state.updatedAt(), now).toMillis() / 1000.0;
        if (elapsed <= 0) {
            return state;
        }
        double factor = Math.pow(0.5, elapsed / halfLifeSeconds);
        return state.withMood(PersonaEffects.toward(state.mood(), PersonaEffects.NEUTRAL_MOOD, factor), now);
    }
}
