package io.silas.core.persona;

import java.util.Map;

/**
 * The fixed tables of the default engine: per-context axis deltas, per-event deltas, and how mood shifts the axes.
 * Mood shifts the axes only by its distance from {@link #NEUTRAL_MOOD}, so a neutral mood changes nothing.
 * Stateless.
 */
final class PersonaEffects {
    /** Mood every scope decays toward. */
    static final MoodState NEUTRAL_MOOD = new MoodState(0.5, 0.5, 0.5, 0.0);

    /** Axis deltas per context key (the interaction registers). */
    static final Map<String, Map<String, Double>> CONTEXT_DELTAS = Map.of(
            "execution", Map.of("initiative", 0.15, "verbosity", -0.1, "certainty", 0.1),
            "exploration", Map.of("initiative", 0.1, "verbosity", 0.1, "humor", 0.05),
            "review", Map.of("formality", 0.1, "certainty", 0.05, "humor", -0.1),
            "status", Map.of("verbosity", -0.15));

    /** A runtime event's effect. */
    record Effect(Map<String, Double> axes, Map<String, Double> mood) {
    }

    /** Effects of the events the engine knows. */
    static final Map<String, Effect> EVENTS = Map.of(
            PersonalityEngine.EVENT_BLOCKED, new Effect(Map.of(),
                    Map.of("frustration", 0.15, "patience", -0.1, "energy", -0.05)),
            PersonalityEngine.EVENT_AGENT_FAILURE, new Effect(Map.of(), Map.of("frustration", 0.1, "patience", -0.05)),
            PersonalityEngine.EVENT_PLAN_PROPOSED, new Effect(Map.of(), Map.of("energy", 0.05, "curiosity", 0.05)),
            "task_completed", new Effect(Map.of(), Map.of("energy", 0.1, "frustration", -0.1)),
            "verification_failed", new Effect(Map.of(), Map.of("frustration", 0.1, "energy", -0.05)),
            "compliment", new Effect(Map.of("warmth", 0.02), Map.of("energy", 0.1, "patience", 0.05)),
            "feedback_too_harsh", new Effect(Map.of("warmth", 0.05, "assertiveness", -0.05),
                    Map.of("patience", 0.05)));

    private PersonaEffects() {
    }

    /** The axis deltas a mood causes. */
    static Map<String, Double> moodDeltas(MoodState m) {
        double energy = m.energy() - NEUTRAL_MOOD.energy();
        double patience = m.patience() - NEUTRAL_MOOD.patience();
        double curiosity = m.curiosity() - NEUTRAL_MOOD.curiosity();
        double frustration = m.frustration() - NEUTRAL_MOOD.frustration();
        return Map.of(
                "warmth", 0.2 * patience - 0.2 * frustration,
                "assertiveness", 0.1 * energy + 0.1 * frustration,
                "verbosity", 0.2 * energy - 0.1 * frustration,
                "formality", 0.1 * frustration,
                "humor", 0.2 * energy + 0.1 * curiosity - 0.3 * frustration,
                "initiative", 0.3 * energy + 0.2 * curiosity);
    }

    static double clamp(double value) {
        return Math.max(0.0, Math.min(1.0, value));
    }

    /** {@code base + deltas}, clamped per axis. */
    static AxisProfile shift(AxisProfile base, Map<String, Double> deltas) {
        return new AxisProfile(
                clamp(base.warmth() + deltas.getOrDefault("warmth", 0.0)),
                clamp(base.assertiveness() + deltas.getOrDefault("assertiveness", 0.0)),
                clamp(base.verbosity() + deltas.getOrDefault("verbosity", 0.0)),
                clamp(base.formality() + deltas.getOrDefault("formality", 0.0)),
                clamp(base.humor() + deltas.getOrDefault("humor", 0.0)),
                clamp(base.initiative() + deltas.getOrDefault("initiative", 0.0)),
                clamp(base.certainty() + deltas.getOrDefault("certainty", 0.0)));
    }

    /** {@code mood + deltas}, clamped per field. */
    static MoodState shift(MoodState mood, Map<String, Double> deltas) {
        return new MoodState(
                clamp(mood.energy() + deltas.getOrDefault("energy", 0.0)),
                clamp(mood.patience() + deltas.getOrDefault("patience", 0.0)),
                clamp(mood.curiosity() + deltas.getOrDefault("curiosity", 0.0)),
                clamp(mood.frustration() + deltas.getOrDefault("frustration", 0.0)));
    }

    /** {@code neutral + (mood - neutral) * factor} per field. */
    static MoodState toward(MoodState mood, MoodState neutral, double factor) {
        return new MoodState(
                clamp(neutral.energy() + (mood.energy() - neutral.energy()) * factor),
                clamp(neutral.patience() + (mood.patience() - neutral.patience()) * factor),
                clamp(neutral.curiosity() + (mood.curiosity() - neutral.curiosity()) * factor),
                clamp(neutral.frustration() + (mood.frustration() - neutral.frustration()) * factor));
    }
}
