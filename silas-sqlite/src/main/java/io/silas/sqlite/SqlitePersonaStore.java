package io.silas.sqlite;

import io.silas.core.persona.PersonaEvent;
import io.silas.core.persona.PersonaState;
import io.silas.core.persona.sql.SqlPersonaStore;

/**
 * The persona store on SQLite ({@link SqlPersonaStore}): rows also carry the state's {@code updated_at} and the
 * event's {@code created_at} as text (a time that cannot be stored fails before the write).
 */
final class SqlitePersonaStore extends SqlPersonaStore {
    private static final String UPSERT_STATE = "INSERT INTO persona_state(scope_id, state, updated_at) VALUES (?, ?, ?) "
            + "ON CONFLICT(scope_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at";
    private static final String INSERT_EVENT = "INSERT INTO persona_events(event_id, scope_id, created_at, event) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING";

    SqlitePersonaStore(Database db) {
        super(new SqliteTransactions(db));
    }

    @Override
    protected Write upsertState(PersonaState state, String json) {
        String updatedAt = Timestamps.format("updated_at", state.updatedAt());
        return rows -> rows.update(UPSERT_STATE, state.scopeId(), json, updatedAt);
    }

    @Override
    protected Write insertEvent(PersonaEvent event, String json) {
        String createdAt = Timestamps.format("created_at", event.createdAt());
        return rows -> rows.update(INSERT_EVENT, event.eventId(), event.scopeId(), createdAt, json);
    }
}
