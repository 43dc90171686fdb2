package io.silas.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.stream.InboxEntry;
import io.silas.core.stream.InboxStoreContract;
import io.silas.core.trust.TrustDecision;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteInboxStoreTest extends InboxStoreContract {
    @TempDir
    Path dir;

    private OpenedStores stores;

    @Override
    protected Stores newStores() {
        stores = new OpenedStores(dir);
        SqliteStores opened = stores.fresh(Clock.systemUTC());
        return new Stores(opened.inboxStore(), opened.chronicleStore(), opened.memoryStore());
    }

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void pendingRows_surviveReopen_withOwnerTrust() {
        Path file = dir.resolve("reopen.db");
        InboxEntry admitted;
        try (SqliteStores first = SqliteStores.open(file, Clock.systemUTC())) {
            admitted = first.inboxStore().admit("owner", "web:1", ChannelMessage.of("web", "me", "deploy", T0),
                    TrustDecision.of(TrustDecision.Reason.OWNER_SIGNATURE), T0);
        }

        try (SqliteStores second = SqliteStores.open(file, Clock.systemUTC())) {
            assertThat(second.inboxStore().pending()).containsExactly(admitted);
            assertThat(second.inboxStore().pending().get(0).trust().isOwner()).isTrue();
        }
    }
}
