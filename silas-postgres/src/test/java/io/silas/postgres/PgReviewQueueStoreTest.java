package io.silas.postgres;

import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.proactivity.ReviewQueueStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class PgReviewQueueStoreTest extends ReviewQueueStoreContract {
    private final PgTestDatabase db = new PgTestDatabase();

    @Override
    protected ReviewQueueStore newStore() {
        return db.open(Clock.systemUTC()).reviewQueueStore();
    }

    @AfterEach
    void closeDatabase() throws Exception {
        db.close();
    }
}
