-- Used nonces (CONTRACTS §3). nonce_key is "{domain}:{binding}"; recorded_at is a fixed-width UTC
-- timestamp so text order equals time order for prune.
CREATE TABLE nonces (
    nonce_key   TEXT PRIMARY KEY,
    domain      TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX nonces_recorded_at ON nonces(recorded_at);
