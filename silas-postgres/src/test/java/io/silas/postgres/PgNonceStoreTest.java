package io.silas.postgres;

import io.silas.core.trust.NonceStore;
import io.silas.core.trust.NonceStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class PgNonceStoreTest extends NonceStoreContract {
    private final PgTestDatabase db = new PgTestDatabase();

    @Override
    protected NonceStore newStore() {
        return db.open(Clock.systemUTC()).nonceStore();
    }

    @AfterEach
    void closeDatabase() throws Exception {
        db.close();
    }
}
