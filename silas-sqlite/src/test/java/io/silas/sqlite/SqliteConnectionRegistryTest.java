package io.silas.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.connection.Connection;
import io.silas.core.connection.ConnectionRegistry;
import io.silas.core.connection.ConnectionRegistryContract;
import io.silas.core.connection.ConnectionStatus;
import io.silas.core.connection.CredentialRefs;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteConnectionRegistryTest extends ConnectionRegistryContract {
    private static final CredentialRefs REFS =
            new CredentialRefs("owner", Map.of("CREDENTIAL_REF_API_KEY", "secure-input/ref_a"));

    @TempDir
    Path dir;

    private OpenedStores stores;

    @Override
    protected ConnectionRegistry newStore() {
        stores = new OpenedStores(dir);
        return stores.fresh(Clock.systemUTC()).connectionRegistry();
    }

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void records_surviveReopen() {
        Path file = dir.resolve("reopen.db");
        Connection active = connection("svc-1", "personal", ConnectionStatus.ACTIVE);
        Connection failed = connection("svc-2", "business:acme", ConnectionStatus.FAILED);
        try (SqliteStores first = SqliteStores.open(file, Clock.systemUTC())) {
            first.connectionRegistry().save(active);
            first.connectionRegistry().save(failed);
            first.connectionRegistry().save(connection("svc-3", "personal", ConnectionStatus.PAUSED));
            first.connectionRegistry().delete("svc-3");
            first.connectionRegistry().saveCredentialRefs("svc-1", REFS);
        }

        try (SqliteStores second = SqliteStores.open(file, Clock.systemUTC())) {
            assertThat(second.connectionRegistry().list()).containsExactly(active, failed);
            assertThat(second.connectionRegistry().listByStatus(ConnectionStatus.FAILED)).containsExactly(failed);
            assertThat(second.connectionRegistry().credentialRefs("svc-1")).contains(REFS);
            assertThat(second.connectionRegistry().credentialRefs("svc-2")).isEmpty();
        }
    }
}
