-- The schema of every Silas store on PostgreSQL (the same tables as silas.db on SQLite, in PostgreSQL types).
-- Applied by Flyway (history table silas_schema_history); never edit an applied script, add V2__..., V3__...

-- Hash-chained audit log (CONTRACTS §4). "at" holds Instant.toString() and "data" canonical JSON: exactly the text
-- the hash covers. Appends serialise on a transaction-scoped advisory lock, so seq is gap-free across JVMs.
CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    at        TEXT NOT NULL,
    event     TEXT NOT NULL,
    data      TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_event ON audit_log(event, seq);

-- Append-only for ordinary code (a guard against mistakes, not against a database writer: verifyChain and the
-- AuditSeal detect that).
CREATE FUNCTION silas_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION silas_audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION silas_audit_log_append_only();

CREATE TABLE audit_checkpoints (
    id        BIGSERIAL PRIMARY KEY,
    seq       BIGINT NOT NULL,
    hash      TEXT NOT NULL,
    at        TEXT NOT NULL,
    signature TEXT
);

-- Used nonces: SHA-256 of "{domain}:{binding}" (the binding itself is not kept); recorded_at in epoch nanoseconds.
CREATE TABLE nonces (
    nonce_hash  BYTEA PRIMARY KEY,
    domain      TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX nonces_recorded_at ON nonces(recorded_at);

CREATE TABLE persona_state (
    scope_id TEXT PRIMARY KEY,
    state    TEXT NOT NULL
);
CREATE TABLE persona_events (
    seq      BIGSERIAL PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    scope_id TEXT NOT NULL,
    event    TEXT NOT NULL
);
CREATE INDEX persona_events_scope ON persona_events(scope_id, seq);

-- Work items whole as JSON (with their approval tokens byte for byte); seq keeps the order of the first save.
CREATE TABLE work_items (
    seq          BIGSERIAL NOT NULL UNIQUE,
    id           TEXT PRIMARY KEY,
    status       TEXT NOT NULL,
    parent       TEXT,
    updated_at   BIGINT NOT NULL,
    item         TEXT NOT NULL
);
CREATE INDEX work_items_status ON work_items(status, seq);
CREATE INDEX work_items_parent ON work_items(parent, seq);

-- Chronicle entries per scope, ordered by created_at (seconds + nanos: exact) with seq breaking ties.
CREATE TABLE chronicle (
    seq          BIGSERIAL PRIMARY KEY,
    scope_id     TEXT NOT NULL,
    ctx_id       TEXT NOT NULL,
    created_sec  BIGINT NOT NULL,
    created_nano INTEGER NOT NULL,
    item         TEXT NOT NULL,
    UNIQUE (scope_id, ctx_id)
);
CREATE INDEX chronicle_recent ON chronicle(scope_id, created_sec, created_nano, seq);
CREATE INDEX chronicle_created ON chronicle(created_sec, created_nano);

-- Memories per scope in two lanes; "terms" is the full-text index of content and semantic tags: the SDK's own
-- keyword folding (lower case, no accents) of every word, parsed with the 'simple' configuration.
CREATE TABLE memories (
    seq         BIGSERIAL NOT NULL UNIQUE,
    scope_id    TEXT NOT NULL,
    memory_id   TEXT NOT NULL,
    lane        TEXT NOT NULL,
    memory_type TEXT NOT NULL,
    session_id  TEXT,
    terms       TSVECTOR NOT NULL,
    item        TEXT NOT NULL,
    PRIMARY KEY (scope_id, memory_id)
);
CREATE INDEX memories_terms ON memories USING GIN (terms);
CREATE INDEX memories_by_type ON memories(scope_id, lane, memory_type, seq);
CREATE INDEX memories_by_session ON memories(scope_id, lane, session_id, seq);

CREATE TABLE review_queue (
    seq      BIGSERIAL NOT NULL UNIQUE,
    scope_id TEXT NOT NULL,
    kind     TEXT NOT NULL,
    item_id  TEXT NOT NULL,
    payload  TEXT NOT NULL,
    PRIMARY KEY (scope_id, kind, item_id)
);
CREATE INDEX review_queue_pending ON review_queue(scope_id, kind, seq);
CREATE TABLE batch_decisions (
    scope_id TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    payload  TEXT NOT NULL,
    PRIMARY KEY (scope_id, batch_id)
);

CREATE TABLE connections (
    seq             BIGSERIAL NOT NULL UNIQUE,
    connection_id   TEXT PRIMARY KEY,
    status          TEXT NOT NULL,
    domain          TEXT NOT NULL,
    record          TEXT NOT NULL,
    credential_refs TEXT
);

-- The durable inbox shared by every JVM: one row per admitted message whose turn has not finished. seq is the
-- admission order (admits of one scope serialise on an advisory lock, so seq order is commit order within a scope).
-- claimed_by names the node running the row's turn; a row of a node whose lease expired is taken over.
-- assigned_turn is the scope's turn number given at the first claim (kept by a takeover), chronicled_turn the turn
-- the message was chronicled in (0 = not yet).
CREATE TABLE inbox (
    seq             BIGSERIAL PRIMARY KEY,
    scope_id        TEXT NOT NULL,
    connection_id   TEXT NOT NULL,
    message         TEXT NOT NULL,
    trust           TEXT NOT NULL,
    admitted_at     TEXT NOT NULL,
    chronicled_turn INTEGER NOT NULL DEFAULT 0,
    assigned_turn   INTEGER NOT NULL DEFAULT 0,
    claimed_by      TEXT
);
CREATE INDEX inbox_scope ON inbox(scope_id, seq);

-- The last turn number given per scope, across the cluster.
CREATE TABLE scope_turns (
    scope_id  TEXT PRIMARY KEY,
    last_turn INTEGER NOT NULL
);

-- Live JVMs: each renews its lease (database time) while it runs; one whose lease expired is dead.
CREATE TABLE cluster_nodes (
    node_id    TEXT PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL
);
