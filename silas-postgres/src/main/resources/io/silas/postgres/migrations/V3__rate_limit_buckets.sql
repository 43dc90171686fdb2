-- Rate-limit buckets shared by the JVMs of a cluster (Bucket4j's PostgreSQL backend, SELECT ... FOR UPDATE per
-- bucket): id is "<limit>:<key>", state Bucket4j's serialized bucket.
CREATE TABLE rate_limit_buckets (
    id    TEXT PRIMARY KEY,
    state BYTEA
);
