-- Long-term memories (spec §3.8, §4.2), keyed by (scope_id, memory_id). "item" is the MemoryItem as JSON;
-- lane is its reingestion tier (active | low_reingestion). content and tags (semantic tags joined by
-- spaces) feed the FTS5 index, which the triggers keep in step with the table.
CREATE TABLE memories (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    scope_id    TEXT NOT NULL,
    memory_id   TEXT NOT NULL,
    lane        TEXT NOT NULL,
    memory_type TEXT NOT NULL,
    session_id  TEXT,
    content     TEXT NOT NULL,
    tags        TEXT NOT NULL,
    item        TEXT NOT NULL,
    UNIQUE (scope_id, memory_id)
);

CREATE INDEX memories_scope_type ON memories(scope_id, lane, memory_type, seq);
CREATE INDEX memories_scope_session ON memories(scope_id, lane, session_id, seq);

CREATE VIRTUAL TABLE memories_fts USING fts5(
    content,
    tags,
    content = 'memories',
    content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories
BEGIN
    INSERT INTO memories_fts(rowid, content, tags) VALUES (new.seq, new.content, new.tags);
END;

CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories
BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, content, tags) VALUES ('delete', old.seq, old.content, old.tags);
END;

CREATE TRIGGER memories_fts_update AFTER UPDATE ON memories
BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, content, tags) VALUES ('delete', old.seq, old.content, old.tags);
    INSERT INTO memories_fts(rowid, content, tags) VALUES (new.seq, new.content, new.tags);
END;
