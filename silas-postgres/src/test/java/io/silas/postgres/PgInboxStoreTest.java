package io.silas.postgres;

import io.silas.core.stream.InboxStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class PgInboxStoreTest extends InboxStoreContract {
    private final PgTestDatabase db = new PgTestDatabase();

    @Override
    protected Stores newStores() {
        PostgresStores stores = db.open(Clock.systemUTC());
        return new Stores(stores.inboxStore(), stores.chronicleStore(), stores.memoryStore());
    }

    @AfterEach
    void closeDatabase() throws Exception {
        db.close();
    }
}
