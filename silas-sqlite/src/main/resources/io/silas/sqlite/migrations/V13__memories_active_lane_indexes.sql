-- The type and session listings read only the active lane, so their indexes cover only the active lane: raw
-- ingest (two low_reingestion rows per turn) no longer writes a random leaf of each of them on every insert.
-- The queries name the lane as the literal 'active' so that the planner can use these partial indexes.
DROP INDEX memories_scope_type;
DROP INDEX memories_scope_session;

CREATE INDEX memories_active_type ON memories(scope_id, memory_type, seq) WHERE lane = 'active';
CREATE INDEX memories_active_session ON memories(scope_id, session_id, seq) WHERE lane = 'active';
