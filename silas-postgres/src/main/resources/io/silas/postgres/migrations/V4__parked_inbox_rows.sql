-- A row whose turn ended waiting for the owner's gate-approval card: kept (so that a survivor resolves it to the
-- card's safe default if the JVM that sent the card dies) without holding back the scope's later turns.
ALTER TABLE inbox ADD COLUMN parked BOOLEAN NOT NULL DEFAULT false;
