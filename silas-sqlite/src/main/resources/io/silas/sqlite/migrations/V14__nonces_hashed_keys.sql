-- Used nonces are keyed by the SHA-256 of "{domain}:{binding}" (32 bytes) instead of the text itself (up to
-- ~150 characters for an execution binding), and recorded_at is epoch nanoseconds. Instants outside the years
-- 1678-2261, which a 64-bit integer cannot hold, are clamped to its ends (far past rows are pruned first, far
-- future rows last). The table and its index shrink about fourfold, so a consuming approval writes fewer pages
-- to the log on every commit.
-- silas_sha256(text) is registered by the SDK on its writer connection: SHA-256 of the UTF-8 bytes.
CREATE TABLE nonces_hashed (
    nonce_hash  BLOB PRIMARY KEY,
    domain      TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO nonces_hashed(nonce_hash, domain, recorded_at)
    SELECT silas_sha256(nonce_key), domain,
           CASE
               WHEN recorded_at < '1678' THEN -9223372036854775807
               WHEN recorded_at >= '2262' THEN 9223372036854775807
               ELSE unixepoch(substr(recorded_at, 1, 19)) * 1000000000 + CAST(substr(recorded_at, 21, 9) AS INTEGER)
           END
    FROM nonces;

DROP TABLE nonces;
ALTER TABLE nonces_hashed RENAME TO nonces;
CREATE INDEX nonces_recorded_at ON nonces(recorded_at);
