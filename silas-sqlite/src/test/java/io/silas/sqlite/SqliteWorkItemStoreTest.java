package io.silas.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.approval.ApprovalSamples;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.work.BudgetUsed;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemStatus;
import io.silas.core.work.WorkItemStore;
import io.silas.core.work.WorkItemStoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteWorkItemStoreTest extends WorkItemStoreContract {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private OpenedStores stores;

    @Override
    protected WorkItemStore newStore() {
        stores = new OpenedStores(dir);
        return stores.fresh(CLOCK).workItemStore();
    }

    @AfterEach
    void closeStores() {
        stores.close();
    }

    @Test
    void itemsAndConsumedToken_surviveReopen() {
        Path file = dir.resolve("reopen.db");
        WorkItem item = itemWithConsumedToken();
        ApprovalToken twiceConsumed = ApprovalSamples.standing().withConsumedExecution("e3");
        try (SqliteStores first = SqliteStores.open(file, CLOCK)) {
            first.workItemStore().save(item);
            first.workItemStore().save(task("child", item.id()));
            first.workItemStore().saveToken("child", twiceConsumed);
            first.workItemStore().updateStatus("child", WorkItemStatus.BLOCKED, BudgetUsed.zero().plusAttempt());
        }

        try (SqliteStores second = SqliteStores.open(file, CLOCK)) {
            assertThat(second.workItemStore().get(item.id())).contains(item);
            WorkItem child = second.workItemStore().get("child").orElseThrow();
            assertThat(child.approvalToken()).isEqualTo(twiceConsumed);
            assertThat(child.approvalToken().executionNonces()).containsExactly("e1", "e2", "e3");
            assertThat(second.workItemStore().listByStatus(WorkItemStatus.BLOCKED)).containsExactly(child);
            assertThat(second.workItemStore().listByParent(item.id())).containsExactly(child);
        }
    }

    @Test
    void save_writesLookupColumnsAndClockTime() throws Exception {
        Path file = dir.resolve("columns.db");
        try (SqliteStores opened = SqliteStores.open(file, CLOCK)) {
            opened.workItemStore().save(itemWithConsumedToken());
        }

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, type, status, parent, follow_up_of, updated_at, item FROM work_items")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("id")).isEqualTo("task-fix-tz-bug");
            assertThat(rs.getString("type")).isEqualTo("task");
            assertThat(rs.getString("status")).isEqualTo("running");
            assertThat(rs.getString("parent")).isEqualTo("project-1");
            assertThat(rs.getString("follow_up_of")).isEqualTo("task-0");
            assertThat(rs.getString("updated_at")).isEqualTo("2026-02-01T12:00:00.000000000Z");
            assertThat(rs.getString("item")).contains("\"executions_used\":1", "\"execution_nonces\":[\"exec-nonce-1\"]");
        }
    }
}
