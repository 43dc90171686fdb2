-- Personality state per scope and the append-only persona event log (spec §3.10, §4.18).
-- Records are stored as JSON written by the shared mapper; key columns are copied out for lookups.
CREATE TABLE persona_state (
    scope_id   TEXT PRIMARY KEY,
    state      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE persona_events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id   TEXT NOT NULL UNIQUE,
    scope_id   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    event      TEXT NOT NULL
);

CREATE INDEX persona_events_scope ON persona_events(scope_id, seq);
