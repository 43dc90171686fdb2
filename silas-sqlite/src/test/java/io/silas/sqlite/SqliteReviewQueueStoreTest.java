package io.silas.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.proactivity.ProactivitySamples;
import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.proactivity.ReviewQueueStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteReviewQueueStoreTest extends ReviewQueueStoreContract {
    @TempDir
    Path dir;

    private OpenedStores stores;

    @Override
    protected ReviewQueueStore newStore() {
        stores = new OpenedStores(dir);
        return stores.fresh(Clock.systemUTC()).reviewQueueStore();
    }

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void pendingItems_surviveReopen_resolvedOnesDoNot() {
        Path file = dir.resolve("reopen.db");
        try (SqliteStores first = SqliteStores.open(file, Clock.systemUTC())) {
            ReviewQueueStore queue = first.reviewQueueStore();
            queue.addBatch("owner", ProactivitySamples.batch());
            queue.addSuggestion(ProactivitySamples.suggestion());
            queue.addSuggestion(suggestion("s-done", "owner"));
            queue.addAutonomyProposal(proposal("p-1", "conn-7"));
            queue.resolveSuggestion("owner", "s-done");
        }

        try (SqliteStores second = SqliteStores.open(file, Clock.systemUTC())) {
            ReviewQueueStore queue = second.reviewQueueStore();
            assertThat(queue.pendingScopes()).containsExactly("conn-7", "owner");
            assertThat(queue.pendingBatches("owner")).containsExactly(ProactivitySamples.batch());
            assertThat(queue.pendingSuggestions("owner")).containsExactly(ProactivitySamples.suggestion());
            assertThat(queue.pendingAutonomyProposals("conn-7")).containsExactly(proposal("p-1", "conn-7"));
        }
    }
}
