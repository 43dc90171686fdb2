package io.silas.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.MemoryStore;
import io.silas.core.memory.MemoryStoreContract;
import io.silas.core.vocabulary.TaintLevel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMemoryStoreTest extends MemoryStoreContract {
    @TempDir
    Path dir;

    private OpenedStores stores;

    @Override
    protected MemoryStore newStore() {
        stores = new OpenedStores(dir);
        return stores.fresh(Clock.systemUTC()).memoryStore();
    }

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void matchExpression_quotesTheKeywordAsAnFts5String() {
        assertThat(SqliteMemoryStore.matchExpression("or")).isEqualTo("\"or\"");
        assertThat(SqliteMemoryStore.matchExpression("x\"y")).isEqualTo("\"x\"\"y\"");
        assertThat(SqliteMemoryStore.scopeMatch("6F776E6572", "x\"y"))
                .isEqualTo("scope : \"6F776E6572\" AND {content tags} : \"x\"\"y\"");
    }

    @Test
    void storeAll_storesEveryItemSearchable_aUsedIdInTheBatchStoresNone() {
        MemoryStore store = newStore();
        store.storeAll(List.of(fact("e1", "owner", "evicted garden note"), fact("e2", "owner", "evicted tool note")));
        assertThat(store.searchKeyword("owner", "evicted", 10)).extracting(MemoryItem::memoryId)
                .containsExactlyInAnyOrder("e1", "e2");

        assertThatThrownBy(() -> store.storeAll(List.of(fact("e3", "owner", "a new note"),
                fact("e1", "owner", "reuses an id"))))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(store.get("owner", "e3")).isEmpty();
        assertThat(store.get("owner", "e1").orElseThrow().content()).isEqualTo("evicted garden note");
    }

    @Test
    void memoriesAndIndex_surviveReopen() {
        Path file = dir.resolve("reopen.db");
        MemoryItem active = full("m1", "owner");
        MemoryItem raw = raw("r1", "owner", "[owner] owner: the raw line");
        try (SqliteStores first = SqliteStores.open(file, Clock.systemUTC())) {
            first.memoryStore().store(active);
            first.memoryStore().storeRaw(raw);
            first.memoryStore().store(fact("gone", "owner", "sources to delete"));
            first.memoryStore().delete("owner", "gone");
        }

        try (SqliteStores second = SqliteStores.open(file, Clock.systemUTC())) {
            assertThat(second.memoryStore().get("owner", "m1")).contains(active);
            assertThat(second.memoryStore().searchKeyword("owner", "sources", 10)).containsExactly(active);
            assertThat(second.memoryStore().searchRaw("owner", "raw line", 10)).containsExactly(raw);
        }
    }

    @Test
    void activeLaneListings_usePartialIndexes_andRawRowsStayOutOfThem() throws SQLException {
        Path file = dir.resolve("plans.db");
        try (SqliteStores opened = SqliteStores.open(file, Clock.systemUTC())) {
            opened.memoryStore().store(fact("m1", "owner", "an active fact"));
            opened.memoryStore().storeRaw(raw("r1", "owner", "[owner] owner: a raw line"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            assertThat(plan(s, SqliteMemoryStore.BY_TYPE)).contains("memories_active_type");
            assertThat(plan(s, SqliteMemoryStore.BY_SESSION)).contains("memories_active_session");
            s.execute("ANALYZE");
            try (ResultSet rs = s.executeQuery("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'memories' "
                    + "AND idx LIKE 'memories_active_%' ORDER BY idx")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2).split(" ")[0]);
                }
                assertThat(rows).as("index entries: the raw row is in neither")
                        .containsExactly("memories_active_session 1", "memories_active_type 1");
            }
        }
    }

    private static String plan(Statement s, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql.replace("?", "'x'"))) {
            while (rs.next()) {
                plan.append(rs.getString("detail")).append('\n');
            }
        }
        return plan.toString();
    }

    @Test
    void ftsIndex_staysInStepWithTheTable() {
        Path file = dir.resolve("integrity.db");
        try (SqliteStores opened = SqliteStores.open(file, Clock.systemUTC())) {
            MemoryStore store = opened.memoryStore();
            store.store(fact("m1", "owner", "first text"));
            store.store(fact("m2", "owner", "second text"));
            store.update(fact("m1", "owner", "first text").withContent("changed words", TaintLevel.OWNER,
                    T0.plusSeconds(1)));
            store.delete("owner", "m2");
            store.storeRaw(raw("r1", "other", "raw words"));
        }

        OpenedStores.sql(file, "INSERT INTO memories_fts(memories_fts, rank) VALUES ('integrity-check', 1)");
        OpenedStores.sql(file, "INSERT INTO memories_raw_fts(memories_raw_fts, rank) VALUES ('integrity-check', 1)");
    }
}
