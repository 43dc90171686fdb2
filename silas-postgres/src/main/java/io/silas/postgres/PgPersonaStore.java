package io.silas.postgres;

import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.persona.PersonaEvent;
import io.silas.core.persona.PersonaState;
import io.silas.core.persona.PersonaStore;
import java.util.List;
import java.util.Optional;

/** {@link PersonaStore} in {@code persona_state} (one row per scope) and the append-only {@code persona_events}. */
final class PgPersonaStore implements PersonaStore {
    private static final String UPSERT_STATE = "INSERT INTO persona_state(scope_id, state) VALUES (?, ?) "
            + "ON CONFLICT (scope_id) DO UPDATE SET state = excluded.state";
    private static final String INSERT_EVENT = "INSERT INTO persona_events(event_id, scope_id, event) VALUES (?, ?, ?) "
            + "ON CONFLICT (event_id) DO NOTHING";
    private static final String RECENT_EVENTS = "SELECT event FROM (SELECT seq, event FROM persona_events "
            + "WHERE scope_id = ? ORDER BY seq DESC LIMIT ?) recent ORDER BY seq";

    private final PgDatabase db;

    PgPersonaStore(PgDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<PersonaState> getState(String scopeId) {
        PersonaStore.requireScope(scopeId);
        return db.read(c -> Sql.one(c, PersonaState.class, "SELECT state FROM persona_state WHERE scope_id = ?",
                scopeId));
    }

    @Override
    public void saveState(PersonaState state) {
        if (state == null) {
            throw SilasException.invalid("state", "must not be null");
        }
        String json = Json.write(state);
        db.write(c -> Sql.update(c, UPSERT_STATE, state.scopeId(), json));
    }

    @Override
    public void appendEvent(PersonaEvent event) {
        if (event == null) {
            throw SilasException.invalid("event", "must not be null");
        }
        String json = Json.write(event);
        if (db.write(c -> Sql.update(c, INSERT_EVENT, event.eventId(), event.scopeId(), json)) == 0) {
            throw SilasException.invalid("event_id", "already appended: " + event.eventId());
        }
    }

    @Override
    public List<PersonaEvent> listEvents(String scopeId, int limit) {
        PersonaStore.requireScope(scopeId);
        if (limit < 0) {
            throw SilasException.invalid("limit", "must be >= 0");
        }
        return db.read(c -> Sql.list(c, PersonaEvent.class, RECENT_EVENTS, scopeId, limit));
    }
}
