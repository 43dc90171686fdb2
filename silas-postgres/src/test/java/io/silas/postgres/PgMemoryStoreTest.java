package io.silas.postgres;

import io.silas.core.memory.MemoryStore;
import io.silas.core.memory.MemoryStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class PgMemoryStoreTest extends MemoryStoreContract {
    private final PgTestDatabase db = new PgTestDatabase();

    @Override
    protected MemoryStore newStore() {
        return db.open(Clock.systemUTC()).memoryStore();
    }

    @AfterEach
    void closeDatabase() throws Exception {
        db.close();
    }
}
