package io.silas.core.persona;

import io.silas.core.error.SilasException;
import java.util.List;
import java.util.Optional;

/**
 * Durable personality state per scope plus the append-only log of persona events that moved it. Scopes
 * are isolated: no method reads or writes across scopes.
 *
 * <p>Implementations are thread-safe. {@link #saveState} replaces the scope's state atomically;
 * {@link #appendEvent} never overwrites: an event id that was already appended is rejected with
 * {@code INVALID_INPUT} and nothing is written. Null or blank scope ids are {@code INVALID_INPUT}.
 */
public interface PersonaStore {
    /** How many events {@link #listEvents(String)} returns. */
    int DEFAULT_EVENT_LIMIT = 100;

    /**
     * {@return the persisted state of the scope, if any}
     *
     * @param scopeId the scope the call belongs to
     */
    Optional<PersonaState> getState(String scopeId);

    /**
     * Persists the state for {@link PersonaState#scopeId()}, replacing any previous state.
     *
     * @param state the state
     */
    void saveState(PersonaState state);

    /**
     * Appends an event to its scope's log.
     *
     * @param event the event
     */
    void appendEvent(PersonaEvent event);

    /**
     * The most recent {@code limit} events of the scope, oldest first (in append order).
     *
     * @param scopeId the scope the call belongs to
     * @param limit the limit
     * @return the list
     * @throws SilasException {@code INVALID_INPUT} when {@code limit < 0}
     */
    List<PersonaEvent> listEvents(String scopeId, int limit);

    /**
     * {@return the most recent {@link #DEFAULT_EVENT_LIMIT} events of the scope, oldest first}
     *
     * @param scopeId the scope the call belongs to
     */
    default List<PersonaEvent> listEvents(String scopeId) {
        return listEvents(scopeId, DEFAULT_EVENT_LIMIT);
    }

    /** {@return a thread-safe in-memory store (lost on restart; for tests and ephemeral hosts)} */
    static PersonaStore inMemory() {
        return new InMemoryPersonaStore();
    }

    /**
     * Validates a scope id argument and returns it; null or blank is {@code INVALID_INPUT}.
     *
     * @param scopeId the scope the call belongs to
     * @return the string
     */
    static String requireScope(String scopeId) {
        if (scopeId == null || scopeId.isBlank()) {
            throw SilasException.invalid("scope_id", "must not be blank");
        }
        return scopeId;
    }
}
