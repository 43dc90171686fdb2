package io.silas.examples;

import io.silas.core.audit.AuditLog;
import io.silas.core.audit.AuditSeal;
import io.silas.core.context.ChronicleStore;
import io.silas.core.memory.MemoryStore;
import io.silas.core.stream.InboxStore;
import io.silas.core.trust.NonceStore;
import io.silas.core.work.WorkItemStore;
import io.silas.postgres.PostgresStores;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The stores the demo's Stream runs on: the embedded SQLite file, or a PostgreSQL database shared with other JVMs
 * ({@code --postgres <jdbc-url>}). Closing closes the bundle.
 */
record DemoStores(String description, AuditLog auditLog, NonceStore nonceStore, ChronicleStore chronicleStore,
                  MemoryStore memoryStore, WorkItemStore workItemStore, InboxStore inboxStore, AutoCloseable bundle)
        implements AutoCloseable {

    static DemoStores sqlite(Path dbFile, Clock clock, AuditSeal seal) {
        SqliteStores s = SqliteStores.open(dbFile, clock, seal);
        return new DemoStores("SQLite store " + dbFile, s.auditLog(), s.nonceStore(), s.chronicleStore(),
                s.memoryStore(), s.workItemStore(), s.inboxStore(), s);
    }

    static DemoStores postgres(String jdbcUrl, Clock clock, AuditSeal seal) {
        PostgresStores s = PostgresStores.open(jdbcUrl, clock, seal);
        return new DemoStores("PostgreSQL stores (node " + s.nodeId() + ")", s.auditLog(), s.nonceStore(),
                s.chronicleStore(), s.memoryStore(), s.workItemStore(), s.inboxStore(), s);
    }

    @Override
    public void close() throws Exception {
        bundle.close();
    }
}
