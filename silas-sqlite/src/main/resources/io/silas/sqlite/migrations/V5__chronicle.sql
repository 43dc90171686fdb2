-- Chronicle entries per scope (spec §4.14). "item" is the ContextItem as JSON; created_at is a fixed-width
-- UTC timestamp so text order equals time order; seq breaks ties between equal timestamps (append order).
CREATE TABLE chronicle (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    scope_id   TEXT NOT NULL,
    ctx_id     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    item       TEXT NOT NULL,
    UNIQUE (scope_id, ctx_id)
);

CREATE INDEX chronicle_scope_time ON chronicle(scope_id, created_at, seq);
CREATE INDEX chronicle_time ON chronicle(created_at);
