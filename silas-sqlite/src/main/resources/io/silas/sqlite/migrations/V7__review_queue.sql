-- Pending review items per scope: kind is batch | suggestion | autonomy_proposal, payload the typed record
-- as JSON. Resolving deletes the row; seq keeps the order items were added.
CREATE TABLE review_queue (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    scope_id TEXT NOT NULL,
    kind     TEXT NOT NULL,
    item_id  TEXT NOT NULL,
    payload  TEXT NOT NULL,
    UNIQUE (scope_id, kind, item_id)
);

CREATE INDEX review_queue_scope ON review_queue(scope_id, kind, seq);
