package io.silas.core.stream;

import io.silas.core.persona.PersonaState;
import io.silas.core.persona.PersonalityEngine;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scope's persona inside its {@link TurnProcessor} (docs/contracts.md#stream-and-turns steps 7 and 15): the state
 * is loaded lazily from the store on the scope's first message, directives and initiative are read from it each turn,
 * and after the turn the mood decays, the turn's runtime event (if any) is applied and the state is saved. Without an
 * engine, or when the engine or store fails, the style is neutral (no directives, initiative {@value
 * #NEUTRAL_INITIATIVE}); a persona failure never fails a turn.
 *
 * <p>Not thread-safe: used only on the scope's serial worker.
 */
final class TurnPersona {
    /** Initiative when no persona is available. */
    static final double NEUTRAL_INITIATIVE = 0.5;
    private static final Logger LOG = LoggerFactory.getLogger(TurnPersona.class);

    private final @Nullable PersonalityEngine engine;
    private final String scopeId;
    private final Clock clock;
    private @Nullable PersonaState state;
    private boolean failed;

    TurnPersona(@Nullable PersonalityEngine engine, String scopeId, Clock clock) {
        this.engine = engine;
        this.scopeId = scopeId;
        this.clock = clock;
    }

    /** The directives for this turn (before routing: the context of the previous turn), or null for neutral. */
    @Nullable String directives() {
        PersonaState current = state();
        if (current == null) {
            return null;
        }
        try {
            return engine.renderDirectives(current, current.lastContext());
        } catch (RuntimeException e) {
            warn("render", e);
            return null;
        }
    }

    /** The effective initiative in the turn's context (its interaction register). */
    double initiative(String contextKey) {
        PersonaState current = state();
        if (current == null) {
            return NEUTRAL_INITIATIVE;
        }
        try {
            return engine.effectiveAxes(current, contextKey).initiative();
        } catch (RuntimeException e) {
            warn("axes", e);
            return NEUTRAL_INITIATIVE;
        }
    }

    /**
     * Post-turn update: decay to now, remember the context (null keeps the previous one), apply {@code eventType}
     * when not null (appended and saved by the engine); a changed context alone is saved too.
     */
    void afterTurn(@Nullable String eventType, @Nullable String contextKey) {
        PersonaState current = state();
        if (current == null) {
            return;
        }
        try {
            PersonaState next = engine.decay(current, clock.instant());
            boolean contextChanged = contextKey != null && !next.lastContext().equals(contextKey);
            if (contextChanged) {
                next = next.withLastContext(contextKey, clock.instant());
            }
            if (eventType != null) {
                next = engine.applyEvent(next, eventType, true, "runtime");
            } else if (contextChanged) {
                engine.save(next);
            }
            state = next;
        } catch (RuntimeException e) {
            warn("update", e);
        }
    }

    private @Nullable PersonaState state() {
        if (engine == null || failed) {
            return null;
        }
        if (state == null) {
            try {
                state = engine.load(scopeId);
            } catch (RuntimeException e) {
                failed = true;
                warn("load", e);
            }
        }
        return state;
    }

    private void warn(String step, RuntimeException e) {
        LOG.warn("Persona {} failed in scope {}; neutral style used: {}", step, scopeId, e.getClass().getSimpleName());
    }
}
