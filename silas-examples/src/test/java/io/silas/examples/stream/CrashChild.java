package io.silas.examples.stream;

import io.silas.core.agent.ProxyAgent;
import io.silas.core.approval.ApprovalCheck;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.channel.ChannelAdapter;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.OwnerSigner;
import io.silas.core.config.SilasConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.stream.Stream;
import io.silas.core.stream.StreamBuilder;
import io.silas.core.trust.SigningKeys;
import io.silas.core.work.PlanParser;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemExecutor;
import io.silas.core.work.WorkItemStatus;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.execution.verify.Verification;
import io.silas.execution.work.ExecutorRegistry;
import io.silas.execution.work.WorkExecution;
import io.silas.execution.work.WorkExecutionBuilder;
import io.silas.gates.Gates;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * One "process" of {@link StreamCrashIT}, run in a child JVM that the test kills with SIGKILL. It finishes some
 * turns, leaves turns stuck mid-turn (the proxy blocks on texts starting with {@code block}) with more queued behind
 * them, approves and starts a slow sandboxed task, and reports each stage on stdout. Keys come from fixed test seeds
 * so the restarted process verifies the same signatures and tokens.
 */
final class CrashChild {
    static final String OWNER_SEED = "11".repeat(32);
    static final String APPROVAL_SEED = "22".repeat(32);
    static final String TASK = """
            ---
            id: crash-task
            type: task
            title: Slow note
            executor: shell
            verify:
              - name: note_exists
                run: "true"
                expect:
                  file_exists: note.txt
            ---
            sh -c 'sleep 3; printf "hello\\n" > note.txt'
            """;

    private CrashChild() {
    }

    /** The proxy of both processes: replies {@code noted: <text>}; with {@code blocking}, texts "block*" hang. */
    static ProxyAgent proxy(boolean blocking) {
        ProxyAgent direct = StreamFixture.direct(t -> "noted: " + t);
        return request -> {
            if (blocking && request.message().startsWith("block")) {
                try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return direct.route(request);
        };
    }

    static SigningKeys keys(String seed) {
        return SigningKeys.fromRawPrivateKey(HexFormat.of().parseHex(seed));
    }

    /** A Stream over {@code stores} as both processes build it. */
    static StreamBuilder stream(SqliteStores stores, ChannelAdapter channel, ProxyAgent proxy, ApprovalEngine approvals) {
        return Stream.builder().config(SilasConfig.parse("{}", name -> null)).audit(stores.auditLog())
                .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore()).inbox(stores.inboxStore())
                .proxy(proxy).gateRunner(Gates.runner().audit(stores.auditLog()).provider(Gates.predicate()).build())
                .messageTrust(MessageTrust.builder().ownerPublicKey(keys(OWNER_SEED).publicKey())
                        .nonceStore(stores.nonceStore()).audit(stores.auditLog()).clock(Clock.systemUTC()).build())
                .channel(channel).approvals(approvals).clock(Clock.systemUTC());
    }

    static ApprovalEngine approvals(SqliteStores stores) {
        return ApprovalEngine.builder().signingKeys(keys(APPROVAL_SEED)).nonceStore(stores.nonceStore())
                .audit(stores.auditLog()).clock(Clock.systemUTC()).build();
    }

    /** The host-side parts of the work executor; the Stream (or {@link #main}) completes the rest. */
    static WorkExecutionBuilder executor(Path dir) {
        SandboxManager sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults()
                .withBaseDir(dir.resolve("sandboxes")));
        return WorkExecution.builder().executors(ExecutorRegistry.defaults(sandboxes))
                .verification(Verification.runner(sandboxes)).artifactsDir(dir.resolve("artifacts"));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        SqliteStores stores = SqliteStores.open(dir.resolve("silas.db"), Clock.systemUTC());
        ApprovalEngine approvals = approvals(stores);
        RecordingChannel channel = new RecordingChannel();
        Stream stream = stream(stores, channel, proxy(true), approvals).build();
        stream.start();
        for (String[] sent : new String[][] {{"a", "a1"}, {"a", "a2"}, {"b", "b1"}}) {
            stream.submit(message(sent[0], sent[1]), sent[0]).toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        System.out.println("FINISHED-TURNS");
        stream.submit(message("a", "block-a3"), "a");
        stream.submit(message("a", "a4"), "a");
        stream.submit(message("c", "block-c1"), "c");
        stream.submit(new OwnerSigner(keys(OWNER_SEED), Clock.systemUTC()).sign(message("c", "owner-c2")), "c");
        System.out.println("ADMITTED");

        WorkItem task = PlanParser.parse(TASK).withCreatedAt(Clock.systemUTC().instant());
        ApprovalCheck check = approvals.verify(approvals.issue(task, ApprovalDecision.approved(),
                ApprovalScope.FULL_PLAN), task, null);
        WorkItem approved = task.withApprovalToken(check.orThrow());
        stores.workItemStore().save(approved);
        WorkItemExecutor executor = executor(dir).approvals(approvals).store(stores.workItemStore())
                .audit(stores.auditLog()).gates(Gates.runner().audit(stores.auditLog()).build()).build();
        Thread worker = new Thread(() -> executor.execute(approved), "crash-task");
        worker.start();
        while (stores.workItemStore().get("crash-task").orElseThrow().status() != WorkItemStatus.RUNNING) {
            Thread.sleep(20);
        }
        System.out.println("EXECUTING");
        worker.join();
    }

    private static ChannelMessage message(String sender, String text) {
        return ChannelMessage.of("web", sender, text, Clock.systemUTC().instant());
    }
}
