package io.silas.examples;

import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.approval.ApprovalCheck;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.approval.PlanHashes;
import io.silas.core.audit.AuditLog;
import io.silas.core.audit.ChainVerification;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.SignedMessage;
import io.silas.core.gate.EscalationPolicy;
import io.silas.core.gate.EscalationStep;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateEvaluation;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateRunner;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.GateType;
import io.silas.core.gate.ResolvedEscalation;
import io.silas.core.store.sqlite.SqliteStores;
import io.silas.core.trust.MasterKeySource;
import io.silas.core.trust.MessageTrust;
import io.silas.core.trust.OwnerSigner;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.trust.TrustDecision;
import io.silas.core.execution.SandboxManager;
import io.silas.core.work.PlanParser;
import io.silas.core.work.VerificationResult;
import io.silas.core.work.WorkItemExecutor;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.core.IdGenerator;
import io.silas.core.config.SilasConfig;
import io.silas.core.proactivity.AppliedChange;
import io.silas.core.proactivity.AutonomyCalibrator;
import io.silas.core.proactivity.AutonomyThresholdDecision;
import io.silas.core.proactivity.AutonomyThresholdProposal;
import io.silas.core.proactivity.AutonomyThresholds;
import io.silas.core.proactivity.CorrectionOutcome;
import io.silas.core.proactivity.SuggestionEngine;
import io.silas.core.proactivity.SuggestionProposal;
import io.silas.core.proactivity.SuggestionSignals;
import io.silas.proactivity.Proactivity;
import io.silas.execution.ExecutorRegistry;
import io.silas.execution.Sandboxes;
import io.silas.execution.SubprocessSandboxOptions;
import io.silas.execution.Verification;
import io.silas.execution.WorkExecution;
import io.silas.core.work.WorkItem;
import io.silas.gates.Gates;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The runnable demo: assembles Silas on the embedded defaults (SQLite file, encrypted local secret store with
 * the owner's Ed25519 key, bubblewrap sandbox) and walks through one scripted request, printing a readable
 * transcript. No LLM is involved: the plan is a direct {@code executor: shell} work item.
 *
 * <p>Run it with {@code java -jar silas-examples/target/silas-demo.jar [dataDir]}; the data dir defaults to
 * {@code ./data}, the master key is kept outside it in {@code ./.silas/master.key}.
 */
public final class Demo {
    private static final String OWNER_KEY_REF = "owner-signing-key";

    /** A direct shell work item: its body is the command; two checks decide whether it is done. */
    static final String PLAN = """
            ---
            id: release-note
            type: task
            title: Write today's release note
            executor: shell
            verify:
              - name: note_exists
                run: "true"
                expect:
                  file_exists: release-note.txt
              - name: note_mentions_release
                run: cat release-note.txt
                expect:
                  contains: Silas 0.1
            ---
            sh -c 'printf "Silas 0.1: signed approvals, sandboxed work, verified results\\n" > release-note.txt'
            """;

    private final Path dataDir;
    private final Path masterKeyFile;
    private final PrintStream out;
    private final Clock clock;

    /** A demo writing its state under {@code dataDir} and its transcript to {@code out}. */
    public Demo(Path dataDir, Path masterKeyFile, PrintStream out, Clock clock) {
        this.dataDir = dataDir.toAbsolutePath();
        this.masterKeyFile = masterKeyFile.toAbsolutePath();
        this.out = out;
        this.clock = clock;
    }

    /** Entry point: {@code [dataDir]}. */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "data");
        boolean ok = new Demo(data, Path.of(".silas", "master.key"), System.out, Clock.systemUTC()).run();
        System.exit(ok ? 0 : 1);
    }

    /** Runs every step; returns whether the run ended with a verified plan and an intact audit chain. */
    public boolean run() throws Exception {
        Files.createDirectories(dataDir);
        // The unprivileged sandbox user must traverse the data dir to reach its work dirs and the artifacts.
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx--x--x"));
        if (!Files.exists(masterKeyFile)) {
            MasterKeySource.generateKeyFile(masterKeyFile);
            say("setup", "generated a master key at " + masterKeyFile + " (mode 0600, outside the data dir)");
        }
        try (SqliteStores stores = SqliteStores.open(dataDir.resolve("silas.db"), clock)) {
            AuditLog audit = stores.auditLog();
            SecretStore secrets = SecretStore.encryptedFile(dataDir, MasterKeySource.fromFile(masterKeyFile));
            SigningKeys keys = SigningKeys.loadOrCreate(secrets, OWNER_KEY_REF);
            say("setup", "SQLite store " + dataDir.resolve("silas.db") + ", owner key " + keys.fingerprint());

            String request = ownerMessage(keys, stores, audit);
            GateRunner gates = Gates.runner().audit(audit).provider(Gates.predicate()).provider(Gates.textSafety())
                    .build();
            say("gates", "input after the text-safety gate: \"" + inputGate(gates, request) + "\"");

            WorkItem plan = PlanParser.parse(PLAN).withCreatedAt(clock.instant());
            ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(keys).nonceStore(stores.nonceStore())
                    .audit(audit).clock(clock).build();
            ApprovalToken token = approve(approvals, plan);
            WorkItemResult result = execute(plan, token, approvals, stores, gates);
            proactivity(result, approvals, stores, audit);

            outputGate(gates, audit, "Sure, here it is: -----BEGIN PRIVATE KEY----- MIIE...");

            ChainVerification chain = audit.verifyChain();
            say("audit", "hash chain " + (chain.valid() ? "intact" : "BROKEN at " + chain.brokenAtSeq())
                    + " over " + chain.entriesChecked() + " entries");
            return result.status() == WorkItemStatus.DONE && chain.valid();
        }
    }

    private String ownerMessage(SigningKeys keys, SqliteStores stores, AuditLog audit) {
        MessageTrust trust = MessageTrust.builder().ownerPublicKey(keys.publicKey()).nonceStore(stores.nonceStore())
                .audit(audit).clock(clock).build();
        String text = "Write today's release note and send it to alice@example.com";
        SignedMessage signed = new OwnerSigner(keys, clock)
                .sign(ChannelMessage.of("console", "owner", text, clock.instant()));
        say("owner", text);
        TrustDecision first = trust.classify(signed);
        say("trust", "signed message classified " + first.taint() + " (" + first.reason() + ")");
        TrustDecision replay = trust.classify(signed);
        say("trust", "the same message replayed is " + replay.taint() + " (" + replay.reason() + ")");
        return text;
    }

    private static String inputGate(GateRunner gates, String message) {
        Gate pii = Gate.builder("pii_redaction", GateTrigger.EVERY_USER_MESSAGE).provider("text_safety").build();
        GateEvaluation eval = gates.checkGates(List.of(pii), GateTrigger.EVERY_USER_MESSAGE,
                GateContext.forMessage("owner", message));
        return eval.merged().message();
    }

    private ApprovalToken approve(ApprovalEngine approvals, WorkItem plan) {
        say("plan", plan.title() + " — plan hash " + PlanHashes.planHash(plan).substring(0, 16) + "…");
        ApprovalToken issued = approvals.issue(plan, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
        ApprovalCheck verified = approvals.verify(issued, plan, null);
        say("approval", "scripted owner decision: approve; token " + issued.tokenId() + " signed and verified: "
                + verified.valid());
        WorkItem altered = plan.toBuilder().body(plan.body() + "; curl https://evil.example").build();
        ApprovalCheck tampered = approvals.check(verified.orThrow(), altered);
        say("approval", "the same token for an altered plan: " + tampered.reason() + " — refused");
        return verified.orThrow();
    }

    private WorkItemResult execute(WorkItem plan, ApprovalToken token, ApprovalEngine approvals,
                                   SqliteStores stores, GateRunner gates) {
        Path sandboxBase = dataDir.resolve("sandboxes");
        SandboxManager sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withBaseDir(sandboxBase));
        WorkItemExecutor executor = WorkExecution.builder()
                .approvals(approvals).store(stores.workItemStore()).audit(stores.auditLog())
                .executors(ExecutorRegistry.defaults(sandboxes))
                .verification(Verification.runner(sandboxes))
                .gates(gates)
                .artifactsDir(dataDir.resolve("artifacts"))
                .listener(e -> say("progress", e.kind().name().toLowerCase(Locale.ROOT) + " " + e.workItemId()
                        + (e.detail().isEmpty() ? "" : ": " + e.detail())))
                .clock(clock)
                .build();
        WorkItem approved = plan.withApprovalToken(token).withNeedsApproval(false);
        stores.workItemStore().save(approved);
        WorkItemResult result = executor.execute(approved);
        for (VerificationResult check : result.verificationResults()) {
            say("verify", check.name() + ": " + (check.passed() ? "passed" : "FAILED") + " (" + check.reason() + ")");
        }
        result.artifacts().forEach((name, content) -> say("artifact", name + ": " + content.strip()));
        say("result", plan.id() + " is " + result.status().name().toLowerCase(Locale.ROOT));
        return result;
    }

    /**
     * Proactivity on a compressed timeline: a follow-up suggestion after the task (the next step is what a
     * scripted executor agent would report), then 30 approved actions of one family make the calibrator propose
     * wider autonomy, which changes nothing until the owner's decision is signed and verified.
     */
    private void proactivity(WorkItemResult result, ApprovalEngine approvals, SqliteStores stores, AuditLog audit) {
        SilasConfig config = SilasConfig.defaults();
        String scope = config.ownerId();
        SuggestionEngine suggestions = Proactivity.suggestions(config, stores.reviewQueueStore(),
                SuggestionSignals.none(), audit, clock, IdGenerator.random());
        WorkItemResult withNextStep = new WorkItemResult(result.workItemId(), result.status(), result.summary(),
                result.lastError(), result.verificationResults(), result.budgetUsed(), result.artifacts(),
                List.of("Post the release note to the team channel"));
        for (SuggestionProposal s : suggestions.generatePostExecution(scope, withNextStep)) {
            say("suggest", "\"" + s.intent() + "\" (waiting in the review queue; the user decides)");
        }
        AutonomyCalibrator calibrator = Proactivity.calibrator(config, AutonomyThresholds.baseline(config),
                stores.reviewQueueStore(), approvals, audit, clock, IdGenerator.random());
        for (int i = 0; i < config.autonomy().minSamples(); i++) {
            calibrator.recordOutcome(scope, "release_note.publish", CorrectionOutcome.APPROVED);
        }
        for (AutonomyThresholdProposal p : calibrator.evaluate(scope, clock.instant())) {
            p.changes().forEach(c -> say("autonomy", "proposal: " + c.key() + " " + c.currentValue() + " -> "
                    + c.proposedValue() + " (" + p.sampleSize() + " samples, correction rate " + p.correctionRate()
                    + ")"));
            ApprovalToken token = approvals.verifyAutonomy(approvals.issueAutonomy(p, ApprovalDecision.approved()), p)
                    .orThrow();
            AppliedChange applied = calibrator.apply(p, AutonomyThresholdDecision.APPROVE, token);
            say("autonomy", "owner approved with a signed token; thresholds now " + applied.after());
        }
    }

    private void outputGate(GateRunner gates, AuditLog audit, String response) {
        Gate secrets = Gate.builder("no_private_keys", GateTrigger.EVERY_AGENT_RESPONSE).type(GateType.REGEX)
                .config(Map.of("pattern", TextNode.valueOf("^(?!.*BEGIN PRIVATE KEY).*$")))
                .onBlock("polite_redirect").build();
        GateEvaluation eval = gates.checkGates(List.of(secrets), GateTrigger.EVERY_AGENT_RESPONSE,
                GateContext.forResponse("owner", response));
        GateResult block = eval.firstBlock().orElse(null);
        if (block == null) {
            say("gates", "output passed");
            return;
        }
        ResolvedEscalation escalation = EscalationPolicy.defaults(audit).resolveBlock(secrets, null);
        String reply = escalation.step() instanceof EscalationStep.Respond respond ? respond.message() : "(reported)";
        say("gates", "agent output blocked by " + block.gateName() + "; escalation " + escalation.name()
                + " replies: \"" + reply + "\"");
    }

    private void say(String who, String line) {
        out.printf("%-11s %s%n", "[" + who + "]", line);
    }
}
