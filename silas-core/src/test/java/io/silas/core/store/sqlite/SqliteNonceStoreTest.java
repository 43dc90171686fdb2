package io.silas.core.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.trust.NonceStore;
import io.silas.core.trust.NonceStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNonceStoreTest extends NonceStoreContract {
    @TempDir
    Path dir;

    private OpenedStores stores;

    @Override
    protected NonceStore newStore() {
        stores = new OpenedStores(dir);
        return stores.fresh(Clock.systemUTC()).nonceStore();
    }

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void recordedNonce_survivesReopen() {
        Path file = dir.resolve("reopen.db");
        Instant at = Instant.parse("2026-02-01T10:00:00Z");
        try (SqliteStores first = SqliteStores.open(file, Clock.systemUTC())) {
            assertThat(first.nonceStore().recordIfAbsent("exec", "tok:hash:n1", at)).isTrue();
        }

        try (SqliteStores second = SqliteStores.open(file, Clock.systemUTC())) {
            assertThat(second.nonceStore().isUsed("exec", "tok:hash:n1")).isTrue();
            assertThat(second.nonceStore().recordIfAbsent("exec", "tok:hash:n1", at)).isFalse();
        }
    }

    @Test
    void recordIfAbsent_twoBundlesOnOneFile_stillOneWinner() throws Exception {
        Path file = dir.resolve("shared.db");
        NonceStore a = stores.open(file, Clock.systemUTC()).nonceStore();
        NonceStore b = stores.open(file, Clock.systemUTC()).nonceStore();
        Instant at = Instant.parse("2026-02-01T10:00:00Z");

        var results = runConcurrently(8, t -> (t % 2 == 0 ? a : b).recordIfAbsent("msg", "contested", at));

        assertThat(results).filteredOn(Boolean::booleanValue).hasSize(1);
    }
}
