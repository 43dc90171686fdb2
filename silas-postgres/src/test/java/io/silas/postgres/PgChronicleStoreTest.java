package io.silas.postgres;

import io.silas.core.context.ChronicleStore;
import io.silas.core.context.ChronicleStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class PgChronicleStoreTest extends ChronicleStoreContract {
    private final PgTestDatabase db = new PgTestDatabase();

    @Override
    protected ChronicleStore newStore() {
        return db.open(Clock.systemUTC()).chronicleStore();
    }

    @AfterEach
    void closeDatabase() throws Exception {
        db.close();
    }
}
