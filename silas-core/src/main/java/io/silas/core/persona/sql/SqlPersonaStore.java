package io.silas.core.persona.sql;

import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.persona.PersonaEvent;
import io.silas.core.persona.PersonaState;
import io.silas.core.persona.PersonaStore;
import io.silas.core.sql.SqlRows;
import io.silas.core.sql.SqlTransactions;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@link PersonaStore} in {@code persona_state} (one JSON row per scope, upserted) and {@code persona_events}
 * (append-only; the ascending {@code seq} keeps append order). An event id already appended is refused.
 */
public abstract class SqlPersonaStore implements PersonaStore {
    private static final String STATE = "SELECT state FROM persona_state WHERE scope_id = ?";
    private static final String RECENT_EVENTS = "SELECT event FROM (SELECT seq, event FROM persona_events "
            + "WHERE scope_id = ? ORDER BY seq DESC LIMIT ?) recent ORDER BY seq";

    private final SqlTransactions db;

    /**
     * A store over the backend's transactions.
     *
     * @param db the db
     */
    protected SqlPersonaStore(SqlTransactions db) {
        this.db = db;
    }

    /**
     * {@return the work that upserts the scope's state row ({@code json} is the state as written by the shared}
     * mapper). Called before the transaction, so value checks fail before anything is written.
     *
     * @param state the state
     * @param json the JSON text
     */
    protected abstract Write upsertState(PersonaState state, String json);

    /**
     * {@return the work that inserts the event row, doing nothing when its {@code event_id} exists ({@code json} is}
     * the event as written by the shared mapper). Called before the transaction.
     *
     * @param event the event
     * @param json the JSON text
     */
    protected abstract Write insertEvent(PersonaEvent event, String json);

    /** One prepared write: the number of rows it changed. */
    @FunctionalInterface
    protected interface Write {
        /**
         * Runs the write in the caller's transaction.
         *
         * @param rows the rows
         * @return the int
         * @throws SQLException if the database fails
         */
        int run(SqlRows rows) throws SQLException;
    }

    @Override
    public final Optional<PersonaState> getState(String scopeId) {
        PersonaStore.requireScope(scopeId);
        return db.read(rows -> rows.one(PersonaState.class, STATE, scopeId));
    }

    @Override
    public final void saveState(PersonaState state) {
        if (state == null) {
            throw SilasException.invalid("state", "must not be null");
        }
        Write upsert = upsertState(state, Json.write(state));
        db.write(upsert::run);
    }

    @Override
    public final void appendEvent(PersonaEvent event) {
        if (event == null) {
            throw SilasException.invalid("event", "must not be null");
        }
        Write insert = insertEvent(event, Json.write(event));
        if (db.write(insert::run) == 0) {
            throw SilasException.invalid("event_id", "already appended: " + event.eventId());
        }
    }

    @Override
    public final List<PersonaEvent> listEvents(String scopeId, int limit) {
        PersonaStore.requireScope(scopeId);
        if (limit < 0) {
            throw SilasException.invalid("limit", "must be >= 0");
        }
        return db.read(rows -> rows.list(PersonaEvent.class, RECENT_EVENTS, scopeId, limit));
    }
}
