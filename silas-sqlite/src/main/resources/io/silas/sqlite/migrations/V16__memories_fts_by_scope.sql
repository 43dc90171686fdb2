-- Each lane's full-text index also holds the memory's scope, as one token (the hex of scope_id), so that keyword
-- retrieval asks for one keyword's newest memories OF ONE SCOPE in a single FTS5 query (scope AND keyword, newest
-- first) that stops at its LIMIT. Before, the scope was filtered after the index: a scope with few matches walked the
-- matches of every other scope. The indexes read their content from one view per lane. The script can run again on
-- its own result (it drops what it creates first), as it does when a test rewinds the schema to before V15.
DROP TRIGGER IF EXISTS memories_fts_insert;
DROP TRIGGER IF EXISTS memories_fts_delete;
DROP TRIGGER IF EXISTS memories_fts_update;
DROP TRIGGER IF EXISTS memories_raw_fts_insert;
DROP TRIGGER IF EXISTS memories_raw_fts_delete;
DROP TRIGGER IF EXISTS memories_raw_fts_update;
DROP TABLE IF EXISTS memories_fts;
DROP TABLE IF EXISTS memories_raw_fts;
DROP VIEW IF EXISTS memories_fts_source;
DROP VIEW IF EXISTS memories_raw_fts_source;

CREATE VIEW memories_fts_source AS
    SELECT seq, hex(scope_id) AS scope, content, tags FROM memories WHERE lane = 'active';
CREATE VIEW memories_raw_fts_source AS
    SELECT seq, hex(scope_id) AS scope, content, tags FROM memories WHERE lane <> 'active';

CREATE VIRTUAL TABLE memories_fts USING fts5(
    scope,
    content,
    tags,
    content = 'memories_fts_source',
    content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE memories_raw_fts USING fts5(
    scope,
    content,
    tags,
    content = 'memories_raw_fts_source',
    content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO memories_fts(rowid, scope, content, tags) SELECT seq, scope, content, tags FROM memories_fts_source;
INSERT INTO memories_raw_fts(rowid, scope, content, tags)
    SELECT seq, scope, content, tags FROM memories_raw_fts_source;

CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories WHEN new.lane = 'active'
BEGIN
    INSERT INTO memories_fts(rowid, scope, content, tags)
        VALUES (new.seq, hex(new.scope_id), new.content, new.tags);
END;

CREATE TRIGGER memories_raw_fts_insert AFTER INSERT ON memories WHEN new.lane <> 'active'
BEGIN
    INSERT INTO memories_raw_fts(rowid, scope, content, tags)
        VALUES (new.seq, hex(new.scope_id), new.content, new.tags);
END;

CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories WHEN old.lane = 'active'
BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, scope, content, tags)
        VALUES ('delete', old.seq, hex(old.scope_id), old.content, old.tags);
END;

CREATE TRIGGER memories_raw_fts_delete AFTER DELETE ON memories WHEN old.lane <> 'active'
BEGIN
    INSERT INTO memories_raw_fts(memories_raw_fts, rowid, scope, content, tags)
        VALUES ('delete', old.seq, hex(old.scope_id), old.content, old.tags);
END;

CREATE TRIGGER memories_fts_update AFTER UPDATE ON memories WHEN old.lane = 'active'
BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, scope, content, tags)
        VALUES ('delete', old.seq, hex(old.scope_id), old.content, old.tags);
    INSERT INTO memories_fts(rowid, scope, content, tags)
        VALUES (new.seq, hex(new.scope_id), new.content, new.tags);
END;

CREATE TRIGGER memories_raw_fts_update AFTER UPDATE ON memories WHEN old.lane <> 'active'
BEGIN
    INSERT INTO memories_raw_fts(memories_raw_fts, rowid, scope, content, tags)
        VALUES ('delete', old.seq, hex(old.scope_id), old.content, old.tags);
    INSERT INTO memories_raw_fts(rowid, scope, content, tags)
        VALUES (new.seq, hex(new.scope_id), new.content, new.tags);
END;
