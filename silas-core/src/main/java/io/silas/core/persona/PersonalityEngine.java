package io.silas.core.persona;

import io.silas.core.IdGenerator;
import io.silas.core.error.SilasException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Shapes how the assistant words its replies (docs/contracts.md#personality, #stream-and-turns steps 7 and 15):
 * effective axes are
 * {@code clamp(baseline + context delta + mood delta, 0, 1)}; directives are natural-language prose rendered from
 * them (never raw numbers); runtime events move the mood (and, when trusted, the baseline) and are appended to the
 * scope's event log; mood decays toward neutral over time on the injected clock.
 *
 * <p>The engine is <b>stateless per scope</b>: callers hold each scope's {@link PersonaState} (the Stream keeps it
 * in the scope's turn processor and drops it when the processor is released), so 100,000 known scopes cost no
 * engine memory. {@link #load} reads the {@link PersonaStore}; {@link #applyEvent} appends the event and
 * {@link #save}s.
 *
 * <p>Context keys are the interaction registers ({@code exploration}, {@code execution}, {@code review},
 * {@code status}); an unknown or empty key adds no delta.
 *
 * <p>Thread-safe. Personality shapes wording, pacing and tone only: nothing here takes part in gate, approval or
 * access decisions (the Stream reads only {@link #effectiveAxes}{@code .initiative()} for the interaction mode,
 * which a risk rule always overrides).
 */
public interface PersonalityEngine {
    /** Built-in event types the Stream applies after a turn. */
    String EVENT_BLOCKED = "blocked";
    /** A proxy or planner call failed or timed out and the fallback answered. */
    String EVENT_AGENT_FAILURE = "agent_failure";
    /** The turn proposed a plan that awaits approval. */
    String EVENT_PLAN_PROPOSED = "plan_proposed";

    /**
     * {@return the state of a scope that has none stored: the engine's baseline, neutral mood, the default preset}
     *
     * @param scopeId the scope the call belongs to
     */
    PersonaState initialState(String scopeId);

    /**
     * The stored state of the scope, or {@link #initialState}.
     *
     * @param scopeId the scope the call belongs to
     * @return the persona state
     * @throws SilasException when the store fails (callers fall back to a neutral style)
     */
    PersonaState load(String scopeId);

    /**
     * Persists the state.
     *
     * @param state the state
     */
    void save(PersonaState state);

    /**
     * {@code clamp(baseline + context delta + mood delta, 0, 1)} per axis; deterministic.
     *
     * @param state the state
     * @param contextKey the context key
     * @return the axis profile
     */
    AxisProfile effectiveAxes(PersonaState state, String contextKey);

    /**
     * Natural-language style directives for the effective axes, mood and voice; contains no digits.
     *
     * @param state the state
     * @param contextKey the context key
     * @return the string
     */
    String renderDirectives(PersonaState state, String contextKey);

    /**
     * Applies a runtime event: its mood deltas always, its axis deltas to the baseline only when {@code trusted};
     * the event is appended to the store and the new state saved. An event type the engine does not know is
     * recorded with no deltas.
     *
     * @param state the state
     * @param eventType the event type
     * @param trusted the trusted
     * @param source how the value was decided
     * @return the new state
     */
    PersonaState applyEvent(PersonaState state, String eventType, boolean trusted, String source);

    /**
     * Moves the mood toward neutral by the time elapsed since {@code state.updatedAt()} (exponential, with the
     * engine's half-life); not persisted. A non-positive elapsed time changes nothing.
     *
     * @param state the state
     * @param now the current time
     * @return the persona state
     */
    PersonaState decay(PersonaState state, Instant now);

    /**
     * {@return the default engine: neutral baseline, plain voice, 30-minute mood half-life}
     *
     * @param store where persona state is kept per scope
     * @param clock the clock to read time from
     */
    static PersonalityEngine create(PersonaStore store, Clock clock) {
        return create(store, clock, AxisProfile.neutral(), VoiceConfig.of("clear and friendly"),
                Duration.ofMinutes(30));
    }

    /**
     * An engine with its own baseline, voice and mood half-life.
     *
     * @param store where persona state is kept per scope
     * @param clock the clock to read time from
     * @param baseline the baseline
     * @param voice the voice
     * @param moodHalfLife the mood half life
     * @return the personality engine
     * @throws SilasException {@code INVALID_INPUT} for a null argument or a non-positive half-life
     */
    static PersonalityEngine create(PersonaStore store, Clock clock, AxisProfile baseline, VoiceConfig voice,
                                    Duration moodHalfLife) {
        return new DefaultPersonalityEngine(store, clock, IdGenerator.random(), baseline, voice, moodHalfLife);
    }
}
