-- Credential refs of a connection (CredentialRefs as JSON: owning scope + CREDENTIAL_REF_* names to secret-store
-- refs), so its scripts get them after a restart. Refs only, never a credential value; NULL = none saved.
ALTER TABLE connections ADD COLUMN credential_refs TEXT;
