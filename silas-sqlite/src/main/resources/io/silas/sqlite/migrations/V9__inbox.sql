-- The durable inbox (spec §5.1.3 crash safety): one row per admitted message whose turn has not finished.
-- "message" is the ChannelMessage and "trust" the TrustDecision made at admission, both as JSON; seq is the
-- admission order; chronicled_turn is the turn the message was chronicled in (0 = not yet). A finished turn
-- deletes its row in the same transaction that appends the reply to the chronicle.
CREATE TABLE inbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    scope_id        TEXT NOT NULL,
    connection_id   TEXT NOT NULL,
    message         TEXT NOT NULL,
    trust           TEXT NOT NULL,
    admitted_at     TEXT NOT NULL,
    chronicled_turn INTEGER NOT NULL DEFAULT 0
);
