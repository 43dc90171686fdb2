package io.silas.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.persona.PersonaEvent;
import io.silas.core.persona.PersonaState;
import io.silas.core.persona.PersonaStore;
import io.silas.core.persona.PersonaStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlitePersonaStoreTest extends PersonaStoreContract {
    @TempDir
    Path dir;

    private OpenedStores stores;

    @Override
    protected PersonaStore newStore() {
        stores = new OpenedStores(dir);
        return stores.fresh(Clock.systemUTC()).personaStore();
    }

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void stateAndEvents_surviveReopen() {
        Path file = dir.resolve("reopen.db");
        Instant at = Instant.parse("2026-02-01T10:00:00Z");
        PersonaState state = state("owner", 0.7, at);
        PersonaEvent event = event("e-1", "owner", at);
        try (SqliteStores first = SqliteStores.open(file, Clock.systemUTC())) {
            first.personaStore().saveState(state);
            first.personaStore().appendEvent(event);
        }

        try (SqliteStores second = SqliteStores.open(file, Clock.systemUTC())) {
            assertThat(second.personaStore().getState("owner")).contains(state);
            assertThat(second.personaStore().listEvents("owner")).containsExactly(event);
        }
    }
}
