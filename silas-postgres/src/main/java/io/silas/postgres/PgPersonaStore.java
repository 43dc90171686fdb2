package io.silas.postgres;

import io.silas.core.persona.PersonaEvent;
import io.silas.core.persona.PersonaState;
import io.silas.core.persona.sql.SqlPersonaStore;

/** The persona store on PostgreSQL ({@link SqlPersonaStore}): rows hold the scope, ids and JSON only. */
final class PgPersonaStore extends SqlPersonaStore {
    private static final String UPSERT_STATE = "INSERT INTO persona_state(scope_id, state) VALUES (?, ?) "
            + "ON CONFLICT (scope_id) DO UPDATE SET state = excluded.state";
    private static final String INSERT_EVENT = "INSERT INTO persona_events(event_id, scope_id, event) VALUES (?, ?, ?) "
            + "ON CONFLICT (event_id) DO NOTHING";

    PgPersonaStore(PgDatabase db) {
        super(new PgTransactions(db));
    }

    @Override
    protected Write upsertState(PersonaState state, String json) {
        return rows -> rows.update(UPSERT_STATE, state.scopeId(), json);
    }

    @Override
    protected Write insertEvent(PersonaEvent event, String json) {
        return rows -> rows.update(INSERT_EVENT, event.eventId(), event.scopeId(), json);
    }
}
