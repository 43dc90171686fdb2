-- Hash-chained audit log (CONTRACTS §4). seq is the chain position; hash = SHA-256(prev_hash + canonical
-- JSON of the entry without hash). "at" holds Instant.toString() and "data" canonical JSON: exactly the
-- text the hash covers.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    at        TEXT NOT NULL,
    event     TEXT NOT NULL,
    data      TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE INDEX audit_log_event ON audit_log(event, seq);

-- Append-only: ordinary code cannot update or delete entries. (This guards against mistakes, not
-- against someone with write access to the file; verifyChain is what detects that.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TABLE audit_checkpoints (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL,
    at   TEXT NOT NULL
);
