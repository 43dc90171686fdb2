-- Work items (spec §4.13). "item" is the whole WorkItem as JSON written by the shared mapper, including the
-- approval token with its runtime fields (executions_used, execution_nonces); the other columns are copies
-- for lookups. seq keeps first-save order (an upsert updates the row in place).
CREATE TABLE work_items (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    type         TEXT NOT NULL,
    status       TEXT NOT NULL,
    parent       TEXT,
    follow_up_of TEXT,
    updated_at   TEXT NOT NULL,
    item         TEXT NOT NULL
);

CREATE INDEX work_items_status ON work_items(status, seq);
CREATE INDEX work_items_parent ON work_items(parent, seq);
CREATE INDEX work_items_follow_up_of ON work_items(follow_up_of);
