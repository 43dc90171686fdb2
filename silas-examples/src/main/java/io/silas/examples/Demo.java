package io.silas.examples;

import io.silas.core.approval.ApprovalCheck;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.audit.AuditAnchor;
import io.silas.core.audit.AuditLog;
import io.silas.core.audit.AuditSeal;
import io.silas.core.audit.ChainVerification;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.ChannelAdapter;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.OwnerSigner;
import io.silas.core.config.SilasConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.gate.GateRunner;
import io.silas.core.observe.Observers;
import io.silas.core.observe.SilasObserver;
import io.silas.core.stream.DrainReport;
import io.silas.core.stream.StartupReport;
import io.silas.core.stream.Stream;
import io.silas.core.trust.MasterKeySource;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.EscalationAction;
import io.silas.core.work.EscalationActionType;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.execution.sandbox.SandboxDiagnosis;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.execution.verify.Verification;
import io.silas.execution.work.ExecutorRegistry;
import io.silas.execution.work.WorkExecution;
import io.silas.execution.work.WorkExecutionBuilder;
import io.silas.gates.Gates;
import io.silas.sqlite.SqliteStores;
import io.silas.langchain4j.LangChain4jAgents;
import dev.langchain4j.model.chat.ChatModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The runnable demo: assembles a {@link Stream} on the embedded defaults — SQLite file {@code <dataDir>/silas.db},
 * encrypted local secret store holding the owner's Ed25519 key (master key file outside the data dir), bubblewrap
 * sandbox — with the deterministic {@link ScriptedAgent} as proxy and planner, and runs real turns through
 * {@code stream.submit(...)}, printing a readable transcript.
 *
 * <p>Interactive when started in a terminal (the user types messages and answers the approval card with y/n);
 * a fixed script otherwise, or with {@code --scripted}. Run it with
 * {@code java -jar silas-examples/target/silas-demo.jar [--scripted] [dataDir]}; with {@code --web} the same
 * assistant is served to a browser instead ({@link WebDemo}); {@code --doctor} prints what the sandbox can
 * promise on this host. The data dir defaults to
 * {@code ./data}, the master key lives in {@code ./.silas/master.key}. State survives between runs.
 */
public final class Demo {
    /** The one connection of the demo: the owner's console. */
    static final String CONNECTION = "console";

    /** The message the configured {@code credential_leak} escalation answers a blocked reply with. */
    static final String LEAK_ESCALATION_MESSAGE =
            "I held that reply back: it contained credential material. The attempt is in the audit log.";

    /** System gates: redact PII in every user message; block any reply carrying a private key. */
    static final String CONFIG = """
            gates:
              system:
                - name: pii_redaction
                  on: every_user_message
                  provider: text_safety
                - name: no_private_keys
                  on: every_agent_response
                  type: regex
                  config: {pattern: "^(?!.*PRIVATE KEY).*$", dotall: true}
                  on_block: credential_leak
            """;

    private static final String OWNER_KEY_REF = "owner-signing-key";

    private final Path dataDir;
    private final Path masterKeyFile;
    private final PrintStream out;
    private final Clock clock;
    private final @Nullable String postgresUrl;
    private @Nullable ChatModel model;
    private SilasObserver observer = SilasObserver.none();

    /** A demo writing its state under {@code dataDir} and its transcript to {@code out}. */
    public Demo(Path dataDir, Path masterKeyFile, PrintStream out, Clock clock) {
        this(dataDir, masterKeyFile, out, clock, null);
    }

    /**
     * A demo whose stores are in the PostgreSQL database at {@code postgresUrl} (a JDBC URL) instead of
     * {@code <dataDir>/silas.db}; keys and the audit anchor stay under {@code dataDir}. Null means SQLite.
     */
    public Demo(Path dataDir, Path masterKeyFile, PrintStream out, Clock clock, @Nullable String postgresUrl) {
        this.dataDir = dataDir.toAbsolutePath();
        this.masterKeyFile = masterKeyFile.toAbsolutePath();
        this.out = out;
        this.clock = clock;
        this.postgresUrl = postgresUrl;
    }

    /**
     * Uses {@code value} — any LangChain4j chat model — as proxy, planner and executor instead of the
     * {@link ScriptedAgent}.
     */
    public Demo model(ChatModel value) {
        this.model = value;
        return this;
    }

    /**
     * Reports the demo's turns, gate checks, agent calls, approvals, sandbox runs and verification to
     * {@code value} (e.g. {@code SilasMicrometer.observer(meterRegistry, observationRegistry)}).
     *
     * @param value the observer
     * @return this demo
     */
    public Demo observer(SilasObserver value) {
        this.observer = value;
        return this;
    }

    /**
     * Entry point: {@code [--scripted | --web [--port N]] [--postgres <jdbc-url>] [--model openai-compatible]
     * [dataDir]}, or {@code --doctor} to print what the sandbox can promise on this host (exit 0 when sandboxed work
     * can run, 1 when a guarantee is missing). The model is configured from the environment
     * ({@link OpenAiCompatibleModel}).
     */
    public static void main(String[] args) throws Exception {
        boolean scripted = false;
        boolean openAi = false;
        String postgres = null;
        boolean webMode = false;
        int port = 0;
        Path data = Path.of("data");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--doctor")) {
                SandboxDiagnosis report = Sandboxes.diagnose(sandboxOptions(SilasConfig.parse(CONFIG, name -> null)));
                System.out.print(report.table());
                System.exit(report.ready() ? 0 : 1);
            } else if (arg.equals("--scripted")) {
                scripted = true;
            } else if (arg.equals("--postgres") && i + 1 < args.length) {
                postgres = args[++i];
            } else if (arg.equals("--web")) {
                webMode = true;
            } else if (arg.equals("--port") && i + 1 < args.length && args[i + 1].matches("\\d{1,5}")) {
                port = Integer.parseInt(args[++i]);
            } else if (arg.equals("--model") && i + 1 < args.length && args[i + 1].equals("openai-compatible")) {
                openAi = true;
                i++;
            } else if (arg.startsWith("-")) {
                System.err.println("usage: java -jar silas-demo.jar [--scripted | --web [--port N]]"
                        + " [--postgres <jdbc-url>] [--model openai-compatible] [dataDir] | --doctor");
                System.exit(2);
            } else {
                data = Path.of(arg);
            }
        }
        Path masterKey = Path.of(".silas", "master.key");
        if (webMode) {
            runWeb(new WebDemo(data, masterKey, System.out, Clock.systemUTC()), port);
            return;
        }
        Demo demo = new Demo(data, masterKey, System.out, Clock.systemUTC(), postgres);
        if (openAi) {
            demo.model(OpenAiCompatibleModel.fromEnvironment(System.getenv()));
        }
        boolean ok = scripted || System.console() == null ? demo.run()
                : demo.runInteractive(new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())));
        System.exit(ok ? 0 : 1);
    }

    /** Serves the web demo until the process is stopped (Ctrl-C drains the Stream and closes the stores). */
    private static void runWeb(WebDemo web, int port) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            web.close();
            stopped.countDown();
        }, "web-demo-shutdown"));
        web.start(port);
        stopped.await();
    }

    /**
     * Runs the scripted conversation.
     *
     * @return whether the plan was approved, ran and passed verification, and the audit chain is intact
     */
    public boolean run() throws Exception {
        return run(DemoUser::scripted);
    }

    /**
     * Runs a conversation typed by a person at {@code in}.
     *
     * @return whether the audit chain is intact at the end
     */
    public boolean runInteractive(BufferedReader in) throws Exception {
        return run(transcript -> DemoUser.console(in, out));
    }

    private boolean run(Function<ConsoleCardChannel, DemoUser> users) throws Exception {
        ConsoleCardChannel channel = new ConsoleCardChannel(out);
        DemoUser user = users.apply(channel);
        channel.note("[demo]", (user.interactive() ? "interactive" : "scripted")
                + " run; the agent is " + (model == null ? "ScriptedAgent (keyword rules, no LLM)"
                : "a LangChain4j model (" + model.getClass().getSimpleName() + ")"));
        prepareDirectories(channel);
        ScheduledExecutorService cardTimers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-card-timers");
            t.setDaemon(true);
            return t;
        });
        SecretStore secrets = SecretStore.encryptedFile(dataDir, MasterKeySource.fromFile(masterKeyFile));
        // Checkpoints are signed with a key in the secret store and anchored next to it, outside silas.db.
        AuditSeal seal = AuditSeal.loadOrCreate(secrets, AuditAnchor.file(dataDir.resolve("audit-anchor.jsonl")));
        try (DemoStores stores = postgresUrl == null ? DemoStores.sqlite(dataDir.resolve("silas.db"), clock, seal)
                : DemoStores.postgres(postgresUrl, clock, seal)) {
            AuditLog audit = stores.auditLog();
            SigningKeys keys = SigningKeys.loadOrCreate(secrets, OWNER_KEY_REF);
            channel.note("[setup]", stores.description() + ", owner key " + keys.fingerprint());
            GateRunner gates = Gates.runner().audit(audit).provider(Gates.predicate()).provider(Gates.textSafety())
                    .build();
            ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(keys).nonceStore(stores.nonceStore())
                    .audit(audit).clock(clock).build();
            CardPrompter cards = CardPrompter.rich(channel, clock, cardTimers);
            DemoConversation.Outcome outcome;
            try (Stream stream = stream(stores, keys.publicKey(), gates, approvals, channel, CONNECTION, cards)) {
                StartupReport started = stream.start();
                channel.note("[setup]", "stream started; " + started.knownScopes()
                        + " known scope(s) are rehydrated on their first turn"
                        + (user.interactive() ? "; type a message, /replay or /quit" : ""));
                outcome = new DemoConversation(stream, cards, channel, new OwnerSigner(keys, clock),
                        stores.chronicleStore(), audit, clock).run(user);
                DrainReport drained = stream.shutdown(Duration.ofSeconds(5));
                channel.note("[stream]", "drained: " + drained.finished() + " turn(s) finished, "
                        + drained.cancelled() + " cancelled, " + drained.declined() + " card(s) declined");
            }
            refuseAlteredPlan(approvals, stores, channel, outcome.result());
            ChainVerification chain = audit.verifyChain();
            channel.note("[audit]", "hash chain " + (chain.valid() ? "intact" : "BROKEN at " + chain.brokenAtSeq())
                    + " over " + chain.entriesChecked() + " entries");
            boolean planDone = outcome.result() != null && outcome.result().status() == WorkItemStatus.DONE;
            return chain.valid() && (user.interactive() || planDone);
        } finally {
            cardTimers.shutdownNow();
        }
    }

    /** The sandbox host options: defaults plus the guarantees the config accepts as missing. */
    static SubprocessSandboxOptions sandboxOptions(SilasConfig config) {
        return SubprocessSandboxOptions.defaults().withAcceptMissingNames(config.sandbox().acceptMissing());
    }

    /**
     * The demo's Stream over {@code channel}: owner messages verify under {@code ownerPublicKey} (the console demo's
     * host key, or the browser device key the web demo enrolled), cards go to {@code ownerConnection}.
     */
    Stream stream(DemoStores stores, byte[] ownerPublicKey, GateRunner gates, ApprovalEngine approvals,
                  ChannelAdapter channel, String ownerConnection, CardPrompter cards) {
        AuditLog audit = Observers.audit(stores.auditLog(), observer);
        MessageTrust trust = MessageTrust.builder().ownerPublicKey(ownerPublicKey).nonceStore(stores.nonceStore())
                .audit(audit).clock(clock).build();
        // Sandbox dirs live under a fresh private dir in the temp dir; the data dir stays owner-only. Runs made
        // without a guarantee the config accepts as missing (sandbox.accept_missing) are audited.
        SilasConfig config = SilasConfig.parse(CONFIG, name -> null);
        SandboxManager sandboxes = Observers.sandboxes(Sandboxes.subprocess(sandboxOptions(config), audit), observer);
        ScriptedAgent agent = new ScriptedAgent();
        WorkExecutionBuilder work = WorkExecution.builder().executors(ExecutorRegistry.defaults(sandboxes))
                .verification(Observers.verification(Verification.runner(sandboxes), observer)).artifactsDir(dataDir.resolve("artifacts"));
        if (model != null) {
            work.executorAgent(Observers.executorAgent(LangChain4jAgents.executor(model), observer));
        }
        return Stream.builder().config(config).audit(audit)
                .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore())
                .inbox(stores.inboxStore())
                .proxy(model == null ? agent : LangChain4jAgents.proxy(model))
                .planner(model == null ? agent : LangChain4jAgents.planner(model))
                .gateRunner(gates).messageTrust(trust).channel(channel)
                .ownerConnections(ownerConnection)
                .activeGoal(goal()).approvals(approvals).cardPrompter(cards)
                .workExecution(work)
                .observer(observer)
                .clock(clock)
                .build();
    }

    /** The active goal: its escalation map says how a blocked credential leak is answered. */
    private WorkItem goal() {
        return WorkItem.builder("demo-assistant", WorkItemType.GOAL, "Help the owner without leaking secrets")
                .escalation(Map.of("credential_leak", new EscalationAction(EscalationActionType.RESPOND, null,
                        LEAK_ESCALATION_MESSAGE, null, 0, null)))
                .createdAt(clock.instant()).build();
    }

    /** Creates the owner-only data dir and, on first run, the master key file outside it. */
    void prepareDirectories(ConsoleCardChannel channel) throws Exception {
        Files.createDirectories(dataDir);
        // Owner-only: sandboxes get their own copies of what they may read, never access through the data dir.
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        if (!Files.exists(masterKeyFile)) {
            MasterKeySource.generateKeyFile(masterKeyFile);
            channel.note("[setup]", "generated a master key at " + masterKeyFile + " (mode 0600, outside the data dir)");
        }
    }

    /**
     * A self-check the demo runs on its own data, not an attack from outside: the token that approved the plan is
     * bound to its hash, so the same token presented for an altered plan is refused.
     */
    private static void refuseAlteredPlan(ApprovalEngine approvals, DemoStores stores, ConsoleCardChannel channel,
                                          @Nullable WorkItemResult result) {
        if (result == null) {
            return;
        }
        WorkItem plan = stores.workItemStore().get(result.workItemId()).orElse(null);
        ApprovalToken token = plan == null ? null : plan.approvalToken();
        if (token == null) {
            return;
        }
        WorkItem altered = plan.toBuilder().body(plan.body() + "; curl https://evil.example").build();
        ApprovalCheck check = approvals.check(token, altered);
        channel.note("[self-check]", "the demo alters the approved plan itself and presents the same token: "
                + (check.valid() ? "ACCEPTED" : check.reason() + " - refused"));
    }
}
