-- Signed checkpoints (AuditSeal): the base64 Ed25519 signature over seq, hash and at. Rows written before this
-- migration keep a NULL signature: they stay readable but are never trusted as a verification starting point.
ALTER TABLE audit_checkpoints ADD COLUMN signature TEXT;
