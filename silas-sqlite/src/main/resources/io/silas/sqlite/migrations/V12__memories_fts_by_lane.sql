-- One full-text index per lane. The turn's keyword retrieval searches only the active lane, but raw ingest adds
-- two low_reingestion rows per turn; with one shared index every search walked the raw hits of every scope and
-- filtered them out afterwards. memories_fts now holds the active lane, memories_raw_fts the low_reingestion lane.
DROP TRIGGER memories_fts_insert;
DROP TRIGGER memories_fts_delete;
DROP TRIGGER memories_fts_update;

INSERT INTO memories_fts(memories_fts) VALUES ('delete-all');
INSERT INTO memories_fts(rowid, content, tags) SELECT seq, content, tags FROM memories WHERE lane = 'active';

CREATE VIRTUAL TABLE memories_raw_fts USING fts5(
    content,
    tags,
    content = 'memories',
    content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO memories_raw_fts(rowid, content, tags)
    SELECT seq, content, tags FROM memories WHERE lane <> 'active';

CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories WHEN new.lane = 'active'
BEGIN
    INSERT INTO memories_fts(rowid, content, tags) VALUES (new.seq, new.content, new.tags);
END;

CREATE TRIGGER memories_raw_fts_insert AFTER INSERT ON memories WHEN new.lane <> 'active'
BEGIN
    INSERT INTO memories_raw_fts(rowid, content, tags) VALUES (new.seq, new.content, new.tags);
END;

CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories WHEN old.lane = 'active'
BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, content, tags) VALUES ('delete', old.seq, old.content, old.tags);
END;

CREATE TRIGGER memories_raw_fts_delete AFTER DELETE ON memories WHEN old.lane <> 'active'
BEGIN
    INSERT INTO memories_raw_fts(memories_raw_fts, rowid, content, tags)
        VALUES ('delete', old.seq, old.content, old.tags);
END;

CREATE TRIGGER memories_fts_update AFTER UPDATE ON memories WHEN old.lane = 'active'
BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, content, tags) VALUES ('delete', old.seq, old.content, old.tags);
    INSERT INTO memories_fts(rowid, content, tags) VALUES (new.seq, new.content, new.tags);
END;

CREATE TRIGGER memories_raw_fts_update AFTER UPDATE ON memories WHEN old.lane <> 'active'
BEGIN
    INSERT INTO memories_raw_fts(memories_raw_fts, rowid, content, tags)
        VALUES ('delete', old.seq, old.content, old.tags);
    INSERT INTO memories_raw_fts(rowid, content, tags) VALUES (new.seq, new.content, new.tags);
END;
