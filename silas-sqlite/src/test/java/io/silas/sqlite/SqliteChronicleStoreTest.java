package io.silas.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.context.ChronicleStore;
import io.silas.core.context.ChronicleStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteChronicleStoreTest extends ChronicleStoreContract {
    @TempDir
    Path dir;

    private OpenedStores stores;

    @Override
    protected ChronicleStore newStore() {
        stores = new OpenedStores(dir);
        return stores.fresh(Clock.systemUTC()).chronicleStore();
    }

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void entriesAndScopes_surviveReopen() {
        Path file = dir.resolve("reopen.db");
        try (SqliteStores first = SqliteStores.open(file, Clock.systemUTC())) {
            first.chronicleStore().append("owner", entry("c2", T0.plusSeconds(1)));
            first.chronicleStore().append("owner", entry("c1", T0));
            first.chronicleStore().append("conn-42", entry("c1", T0));
        }

        try (SqliteStores second = SqliteStores.open(file, Clock.systemUTC())) {
            assertThat(second.chronicleStore().knownScopes()).containsExactly("conn-42", "owner");
            assertThat(second.chronicleStore().getRecent("owner", 50))
                    .containsExactly(entry("c1", T0), entry("c2", T0.plusSeconds(1)));
            assertThat(second.chronicleStore().getRecent("conn-42", 50)).containsExactly(entry("c1", T0));
        }
    }
}
