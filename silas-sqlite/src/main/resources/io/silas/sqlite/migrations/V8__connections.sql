-- Connection registry (spec §2.5). "record" is the Connection as JSON (metadata only, never a credential);
-- seq keeps first-save order.
CREATE TABLE connections (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL,
    domain        TEXT NOT NULL,
    record        TEXT NOT NULL
);

CREATE INDEX connections_status ON connections(status, seq);
CREATE INDEX connections_domain ON connections(domain, seq);
