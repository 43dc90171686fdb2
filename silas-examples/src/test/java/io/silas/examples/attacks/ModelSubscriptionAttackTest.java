package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.agent.AgentRequest;
import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.RouteDecision;
import io.silas.core.audit.AuditEntry;
import io.silas.core.channel.ChannelAdapter;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.config.SilasConfig;
import io.silas.core.stream.Stream;
import io.silas.core.stream.StreamBuilder;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemStatus;
import io.silas.gates.Gates;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model cannot use a follow-up's {@code input_artifacts_from} to pull files it must not see into its context
 * (rehydration step 4, docs/contracts.md#startup-and-rehydration): after a restart (a real SQLite file, a new Stream),
 * a running item's subscription shows the artifact of a done item of the <b>same scope</b>, bounded and marked {@code
 * external}; a source item of another scope and a link in the artifacts dir pointing outside it are never read. Without
 * an artifacts dir the subscriptions are recorded (audited) and nothing is read.
 */
class ModelSubscriptionAttackTest {
    private static final String REPORT = "PELICAN-REPORT-CONTENT";
    private static final String OUTSIDE = "OUTSIDE-THE-ARTIFACTS-DIR";
    private static final String OTHER_SCOPE = "OTHER-SCOPES-PLAN";

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T10:00:00Z"));
    private final SigningKeys ownerKeys = SigningKeys.generate();
    private final List<AgentRequest> seen = new ArrayList<>();

    @Test
    void restart_sameScopeArtifactShownBoundedAndExternal_otherScopeAndOutsideLinkNeverRead() throws Exception {
        Path artifacts = plantArtifacts();

        turn(null, "before the restart", true);
        String context = turn(artifacts, "after the restart", false);

        assertThat(context).contains(REPORT, "--- subscription | artifact:report-1/report.md | live | external ---",
                "[truncated: first 8192 of 20000 bytes shown]");
        assertThat(context).doesNotContain(OUTSIDE).doesNotContain(OTHER_SCOPE);
    }

    @Test
    void restartWithoutArtifactsDir_subscriptionsRecordedNothingRead() throws Exception {
        plantArtifacts();

        turn(null, "before the restart", true);
        String context = turn(null, "after the restart", false);

        assertThat(context).doesNotContain(REPORT).doesNotContain(OUTSIDE).doesNotContain(OTHER_SCOPE);
        try (SqliteStores stores = SqliteStores.openReadOnly(tmp.resolve("silas.db"), clock)) {
            List<AuditEntry> rehydrated = stores.auditLog().findByEvent("stream_rehydrated");
            assertThat(rehydrated).singleElement()
                    .satisfies(e -> assertThat(e.data().path("subscriptions").asInt()).isEqualTo(5));
        }
    }

    /**
     * Scope a: done {@code report-1} (report.md, a 20000-byte big.md, leak.md → a file outside the artifacts dir),
     * running follow-ups of it; scope b: done {@code b-plan} whose artifact a running item of scope a names.
     */
    private Path plantArtifacts() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("artifacts"));
        Path report = Files.createDirectories(root.resolve("report-1"));
        Files.writeString(report.resolve("report.md"), REPORT);
        Files.writeString(report.resolve("big.md"), "x".repeat(20_000));
        Path outside = Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("secret.txt"),
                OUTSIDE);
        Files.createSymbolicLink(report.resolve("leak.md"), outside);
        Path plan = Files.createDirectories(root.resolve("b-plan"));
        Files.writeString(plan.resolve("plan.md"), OTHER_SCOPE);

        try (SqliteStores stores = SqliteStores.open(tmp.resolve("silas.db"), clock)) {
            stores.workItemStore().save(done("report-1", "a"));
            stores.workItemStore().save(done("b-plan", "b"));
            stores.workItemStore().save(running("fix-1", "report-1", List.of("report.md", "big.md", "leak.md")));
            stores.workItemStore().save(running("fix-2", "report-1", List.of("*")));
            stores.workItemStore().save(running("fix-3", "b-plan", List.of("plan.md")));
        }
        return root;
    }

    /** One process: opens the SQLite file, one turn on connection (and scope) {@code a}, closes; its context. */
    private String turn(@Nullable Path artifactsDir, String text, boolean first) throws Exception {
        ExecutorService turns = Executors.newFixedThreadPool(2);
        ExecutorService background = Executors.newCachedThreadPool();
        try (SqliteStores stores = SqliteStores.open(tmp.resolve("silas.db"), clock)) {
            StreamBuilder builder = Stream.builder().config(SilasConfig.parse("{}", name -> null))
                    .audit(stores.auditLog())
                    .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore())
                    .proxy(request -> {
                        synchronized (seen) {
                            seen.add(request);
                        }
                        return RouteDecision.direct(AgentResponse.reply("noted"), "scripted",
                                InteractionRegister.STATUS, InteractionMode.DEFAULT_AND_OFFER, "conversation");
                    })
                    .gateRunner(Gates.runner().audit(stores.auditLog()).provider(Gates.predicate()).build())
                    .messageTrust(MessageTrust.builder().ownerPublicKey(ownerKeys.publicKey())
                            .nonceStore(stores.nonceStore()).audit(stores.auditLog()).clock(clock).build())
                    .channel(new Discarding()).turnExecutor(turns).backgroundExecutor(background)
                    .clock(clock);
            if (artifactsDir != null) {
                builder.artifactsDir(artifactsDir);
            }
            try (Stream stream = builder.build()) {
                stream.submit(ChannelMessage.of("web", "a", text, clock.instant()), "a").toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
            }
        } finally {
            turns.shutdownNow();
            background.shutdownNow();
        }
        synchronized (seen) {
            assertThat(seen).hasSize(first ? 1 : 2);
            return seen.get(seen.size() - 1).context();
        }
    }

    /** A channel that delivers nowhere (the test reads what the model saw, not what was sent). */
    private static final class Discarding implements ChannelAdapter {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public void send(String recipientId, String text) {
        }
    }

    private static WorkItem done(String id, String scope) {
        return WorkItem.builder(id, WorkItemType.TASK, "Report " + id).scopeId(scope).status(WorkItemStatus.DONE)
                .build();
    }

    private static WorkItem running(String id, String source, List<String> artifacts) {
        return WorkItem.builder(id, WorkItemType.TASK, "Follow-up " + id).scopeId("a").followUpOf(source)
                .inputArtifactsFrom(artifacts).status(WorkItemStatus.RUNNING).build();
    }
}
