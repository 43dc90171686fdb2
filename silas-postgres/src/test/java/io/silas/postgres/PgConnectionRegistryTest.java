package io.silas.postgres;

import io.silas.core.connection.ConnectionRegistry;
import io.silas.core.connection.ConnectionRegistryContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class PgConnectionRegistryTest extends ConnectionRegistryContract {
    private final PgTestDatabase db = new PgTestDatabase();

    @Override
    protected ConnectionRegistry newStore() {
        return db.open(Clock.systemUTC()).connectionRegistry();
    }

    @AfterEach
    void closeDatabase() throws Exception {
        db.close();
    }
}
