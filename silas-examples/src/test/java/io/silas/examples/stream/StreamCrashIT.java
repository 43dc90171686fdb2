package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.approval.ApprovalEngine;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.context.ContextItem;
import io.silas.core.stream.StartupReport;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.vocabulary.TaintLevel;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.sqlite.SqliteStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety (docs/contracts.md#startup-and-rehydration): a child JVM ({@link CrashChild}) runs a Stream on SQLite
 * files, finishes some turns, is killed with SIGKILL while two turns hang mid-turn (more are queued behind them, one of
 * them owner-signed) and an approved sandboxed task is running. A fresh Stream on the same files then proves that no
 * admitted message was lost, none ran twice, the owner message kept its trust although its nonce was consumed before
 * the kill, and the interrupted task resumed through {@code check()} and completed verification.
 */
class StreamCrashIT {
    @TempDir
    Path tmp;

    private final ExecutorService io = Executors.newSingleThreadExecutor();
    private Process child;

    @AfterEach
    void tearDown() {
        if (child != null) {
            child.destroyForcibly();
        }
        io.shutdownNow();
    }

    @Test
    void sigkillMidTurnAndMidExecution_restart_noMessageLostOrDuplicated_taskResumesAndCompletes() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                tmp.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        awaitLine(out, "EXECUTING");
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        try (SqliteStores stores = SqliteStores.open(tmp.resolve("silas.db"), Clock.systemUTC())) {
            assertThat(stores.inboxStore().pending()).extracting(e -> e.message().text())
                    .containsExactly("block-a3", "a4", "block-c1", "owner-c2");
            assertThat(stores.workItemStore().get("crash-task").orElseThrow().status())
                    .isEqualTo(WorkItemStatus.RUNNING);
            ApprovalEngine approvals = CrashChild.approvals(stores);
            RecordingChannel channel = new RecordingChannel();
            try (Stream stream = CrashChild.stream(stores, channel, CrashChild.proxy(false), approvals)
                    .workExecution(CrashChild.executor(tmp)).build()) {
                StartupReport report = stream.start();

                assertThat(report.replayedMessages()).isEqualTo(4);
                List<TurnResult> replayed = report.replay().toCompletableFuture().get(60, TimeUnit.SECONDS);
                assertThat(replayed).extracting(TurnResult::reply)
                        .containsExactly("noted: block-a3", "noted: a4", "noted: block-c1", "noted: owner-c2");
                assertThat(replayed).extracting(TurnResult::turnNumber).containsExactly(3, 4, 1, 2);
                assertThat(report.resumedWorkItems()).containsExactly("crash-task");
                List<WorkItemResult> resumed = report.resumption().toCompletableFuture().get(60, TimeUnit.SECONDS);
                assertThat(resumed).singleElement()
                        .satisfies(r -> assertThat(r.status()).isEqualTo(WorkItemStatus.DONE));
                assertThat(stream.submit(ChannelMessage.of("web", "a", "a5", Clock.systemUTC().instant()), "a")
                        .toCompletableFuture().get(60, TimeUnit.SECONDS).turnNumber()).isEqualTo(5);
            }

            assertThat(contents(stores, "a")).containsExactly("a1", "noted: a1", "a2", "noted: a2", "block-a3",
                    "noted: block-a3", "a4", "noted: a4", "a5", "noted: a5");
            assertThat(contents(stores, "b")).containsExactly("b1", "noted: b1");
            assertThat(contents(stores, "c")).containsExactly("block-c1", "noted: block-c1", "owner-c2",
                    "noted: owner-c2");
            assertThat(stores.chronicleStore().getRecent("c", 10)).extracting(ContextItem::taint)
                    .containsExactly(TaintLevel.EXTERNAL, TaintLevel.EXTERNAL, TaintLevel.OWNER, TaintLevel.OWNER);
            assertThat(stores.inboxStore().pending()).isEmpty();
            assertThat(stores.workItemStore().get("crash-task").orElseThrow().status()).isEqualTo(WorkItemStatus.DONE);
            assertThat(stores.auditLog().findByEvent("inbox_replayed")).singleElement()
                    .satisfies(e -> assertThat(e.data().get("messages").asInt()).isEqualTo(4));
            assertThat(stores.auditLog().findByEvent("approval_issued")).as("approved once, in the child").hasSize(1);
            assertThat(stores.auditLog().verifyChain().valid()).isTrue();
        }
    }

    private static List<String> contents(SqliteStores stores, String scope) {
        return stores.chronicleStore().getRecent(scope, 100).stream().map(ContextItem::content).toList();
    }

    /** Reads the child's output until {@code marker}; fails after 60 s or when the child exits first. */
    private void awaitLine(BufferedReader out, String marker) throws Exception {
        List<String> seen = new ArrayList<>();
        Future<Boolean> found = io.submit(() -> {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                synchronized (seen) {
                    seen.add(line);
                }
                if (line.equals(marker)) {
                    return true;
                }
            }
            return false;
        });
        boolean ok;
        try {
            ok = found.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            ok = false;
        }
        synchronized (seen) {
            assertThat(ok).as("child reached %s; output: %s", marker, seen).isTrue();
        }
    }
}
