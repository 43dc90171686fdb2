package io.silas.sqlite;

import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.persona.PersonaEvent;
import io.silas.core.persona.PersonaState;
import io.silas.core.persona.PersonaStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link PersonaStore} in {@code persona_state} (one JSON row per scope, upserted) and
 * {@code persona_events} (append-only; the autoincrement {@code seq} keeps append order).
 */
final class SqlitePersonaStore implements PersonaStore {
    private static final String UPSERT_STATE = "INSERT INTO persona_state(scope_id, state, updated_at) VALUES (?, ?, ?) "
            + "ON CONFLICT(scope_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at";
    private static final String INSERT_EVENT = "INSERT INTO persona_events(event_id, scope_id, created_at, event) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING";
    private static final String RECENT_EVENTS = "SELECT event FROM (SELECT seq, event FROM persona_events "
            + "WHERE scope_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq";

    private final Database db;

    SqlitePersonaStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<PersonaState> getState(String scopeId) {
        PersonaStore.requireScope(scopeId);
        return db.read(s -> {
            PreparedStatement ps = s.prepare("SELECT state FROM persona_state WHERE scope_id = ?");
            ps.setString(1, scopeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Json.read(rs.getString(1), PersonaState.class)) : Optional.empty();
            }
        });
    }

    @Override
    public void saveState(PersonaState state) {
        if (state == null) {
            throw SilasException.invalid("state", "must not be null");
        }
        String json = Json.write(state);
        String updatedAt = Timestamps.format("updated_at", state.updatedAt());
        db.write(s -> {
            PreparedStatement ps = s.prepare(UPSERT_STATE);
            ps.setString(1, state.scopeId());
            ps.setString(2, json);
            ps.setString(3, updatedAt);
            return ps.executeUpdate();
        });
    }

    @Override
    public void appendEvent(PersonaEvent event) {
        if (event == null) {
            throw SilasException.invalid("event", "must not be null");
        }
        String json = Json.write(event);
        String createdAt = Timestamps.format("created_at", event.createdAt());
        int inserted = db.write(s -> {
            PreparedStatement ps = s.prepare(INSERT_EVENT);
            ps.setString(1, event.eventId());
            ps.setString(2, event.scopeId());
            ps.setString(3, createdAt);
            ps.setString(4, json);
            return ps.executeUpdate();
        });
        if (inserted == 0) {
            throw SilasException.invalid("event_id", "already appended: " + event.eventId());
        }
    }

    @Override
    public List<PersonaEvent> listEvents(String scopeId, int limit) {
        PersonaStore.requireScope(scopeId);
        if (limit < 0) {
            throw SilasException.invalid("limit", "must be >= 0");
        }
        return db.read(s -> {
            PreparedStatement ps = s.prepare(RECENT_EVENTS);
            ps.setString(1, scopeId);
            ps.setInt(2, limit);
            List<PersonaEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Json.read(rs.getString(1), PersonaEvent.class));
                }
            }
            return List.copyOf(out);
        });
    }
}
