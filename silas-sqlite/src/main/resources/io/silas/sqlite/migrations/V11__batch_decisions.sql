-- Decided batch reviews: payload is the DecidedBatch as JSON (the batch exactly as queued and the user's
-- BatchActionDecision), keyed by scope and batch id. A later decision on a re-queued batch id replaces the row.
CREATE TABLE batch_decisions (
    scope_id TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    payload  TEXT NOT NULL,
    PRIMARY KEY (scope_id, batch_id)
);
