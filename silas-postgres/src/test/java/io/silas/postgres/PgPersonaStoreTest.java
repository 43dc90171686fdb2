package io.silas.postgres;

import io.silas.core.persona.PersonaStore;
import io.silas.core.persona.PersonaStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

class PgPersonaStoreTest extends PersonaStoreContract {
    private final PgTestDatabase db = new PgTestDatabase();

    @Override
    protected PersonaStore newStore() {
        return db.open(Clock.systemUTC()).personaStore();
    }

    @AfterEach
    void closeDatabase() throws Exception {
        db.close();
    }
}
