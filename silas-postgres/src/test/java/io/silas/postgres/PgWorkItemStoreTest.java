package io.silas.postgres;

import io.silas.core.work.WorkItemStore;
import io.silas.core.work.WorkItemStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class PgWorkItemStoreTest extends WorkItemStoreContract {
    private final PgTestDatabase db = new PgTestDatabase();

    @Override
    protected WorkItemStore newStore() {
        return db.open(Clock.systemUTC()).workItemStore();
    }

    @AfterEach
    void closeDatabase() throws Exception {
        db.close();
    }
}
