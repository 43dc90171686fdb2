package io.silas.examples;

import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditAnchor;
import io.silas.core.audit.AuditLog;
import io.silas.core.audit.AuditSeal;
import io.silas.core.channel.CardPrompter;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.context.ChronicleStore;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.gate.GateRunner;
import io.silas.core.stream.Stream;
import io.silas.core.trust.MasterKeySource;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.work.WorkItemStore;
import io.silas.gates.Gates;
import io.silas.web.OwnerDevice;
import io.silas.web.WebChannel;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The demo in a browser ({@code java -jar silas-demo.jar --web}): the same Stream as {@link Demo} (SQLite, encrypted
 * secret store, sandboxed plan execution, scripted agent) behind a {@link WebChannel} on {@code 127.0.0.1}. It prints
 * one URL whose fragment carries the owner's session token and, on first run, the one-time enrolment code; the
 * browser that opens it creates its device key, enrols it, and from then on signs every message and card answer.
 * The Stream is built once a device key is enrolled (the key is kept in {@code <dataDir>/owner-device.pub}).
 *
 * <p>Security guarantees: the URL is printed only on the host's console (the owner's out-of-band channel); the
 * fragment never reaches a server log. Secrets typed into a secure-input card go to {@code POST /secrets/{ref}},
 * never through the conversation.
 */
public final class WebDemo implements AutoCloseable {
    /** How long the owner's session token stays valid. */
    static final Duration SESSION_TTL = Duration.ofHours(12);
    private static final String HOST_KEY_REF = "owner-signing-key";

    private final Demo demo;
    private final Path dataDir;
    private final Path masterKeyFile;
    private final Clock clock;
    private final ConsoleCardChannel transcript;
    private final CompletableFuture<Stream> ready = new CompletableFuture<>();
    private final ScheduledExecutorService cardTimers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "web-demo-card-timers");
        t.setDaemon(true);
        return t;
    });
    private @Nullable DemoStores stores;
    private @Nullable WebChannel web;
    private @Nullable CardPrompter cards;
    private @Nullable SecureInputRegistry secureInput;

    /** A web demo keeping its state under {@code dataDir}, printing its notes to {@code out}. */
    public WebDemo(Path dataDir, Path masterKeyFile, PrintStream out, Clock clock) {
        this.demo = new Demo(dataDir, masterKeyFile, out, clock);
        this.dataDir = dataDir.toAbsolutePath();
        this.masterKeyFile = masterKeyFile.toAbsolutePath();
        this.clock = clock;
        this.transcript = new ConsoleCardChannel(out);
    }

    /**
     * Opens the stores, starts the web channel on {@code 127.0.0.1:port} ({@code 0}: any free port), prints and
     * returns the owner's URL; the Stream follows in the background once a device is enrolled.
     */
    public URI start(int port) throws Exception {
        demo.prepareDirectories(transcript);
        SecretStore secrets = SecretStore.encryptedFile(dataDir, MasterKeySource.fromFile(masterKeyFile));
        AuditSeal seal = AuditSeal.loadOrCreate(secrets, AuditAnchor.file(dataDir.resolve("audit-anchor.jsonl")));
        stores = DemoStores.sqlite(dataDir.resolve("silas.db"), clock, seal);
        AuditLog audit = stores.auditLog();
        secureInput = SecureInputRegistry.create(secrets, audit, clock, completed -> transcript.note("[secure]",
                "a secret arrived for ref " + completed.refId() + " and went to the secret store"));
        web = WebChannel.builder().clock(clock).audit(audit).nonceStore(stores.nonceStore())
                .ownerDevice(OwnerDevice.file(dataDir.resolve("owner-device.pub"), clock))
                .secureInput(secureInput).build();
        cards = CardPrompter.rich(web, clock, cardTimers);
        URI base = web.start(port);
        boolean enrolled = web.ownerDevice().publicKey().isPresent();
        String fragment = "token=" + web.issueOwnerToken(SESSION_TTL)
                + (enrolled ? "" : "&enrol=" + web.ownerDevice().newEnrolmentCode());
        URI url = URI.create(base + "#" + fragment);
        transcript.note("[web]", "open " + url + "  (owner-only link: it carries your session"
                + (enrolled ? "" : " and the one-time code that enrols this browser's key") + ")");
        Thread setup = new Thread(() -> buildStream(secrets), "web-demo-setup");
        setup.setDaemon(true);
        setup.start();
        return url;
    }

    /** The Stream, once a device is enrolled. */
    public Stream awaitStream(Duration timeout) throws Exception {
        return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The audit log. */
    public AuditLog auditLog() {
        return require(stores).auditLog();
    }

    /** The chronicle store. */
    public ChronicleStore chronicle() {
        return require(stores).chronicleStore();
    }

    /** The work item store. */
    public WorkItemStore workItems() {
        return require(stores).workItemStore();
    }

    /** The web channel. */
    public WebChannel web() {
        return require(web);
    }

    /** The card prompter the Stream uses. */
    public CardPrompter cards() {
        return require(cards);
    }

    /** The secure-input registry behind {@code POST /secrets/{ref}}. */
    public SecureInputRegistry secureInput() {
        return require(secureInput);
    }

    @Override
    public void close() {
        Stream stream = ready.getNow(null);
        if (stream != null) {
            stream.shutdown(Duration.ofSeconds(5));
            stream.close();
        }
        ready.cancel(false);
        if (web != null) {
            web.close();
        }
        cardTimers.shutdownNow();
        if (stores != null) {
            try {
                stores.close();
            } catch (Exception e) {
                throw new SilasException(ErrorCode.INTERNAL, "the web demo's stores did not close cleanly", e);
            }
        }
    }

    private void buildStream(SecretStore secrets) {
        try {
            byte[] ownerKey = web.ownerDevice().awaitEnrolment(OwnerDevice.CODE_TTL);
            DemoStores s = require(stores);
            AuditLog audit = s.auditLog();
            SigningKeys hostKeys = SigningKeys.loadOrCreate(secrets, HOST_KEY_REF);
            GateRunner gates = Gates.runner().audit(audit).provider(Gates.predicate()).provider(Gates.textSafety())
                    .build();
            ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(hostKeys).nonceStore(s.nonceStore())
                    .audit(audit).clock(clock).build();
            Stream stream = demo.stream(s, ownerKey, gates, approvals, web, web.ownerConnectionId(), cards);
            stream.start();
            web.bind(stream);
            transcript.note("[web]", "owner device " + web.ownerDevice().fingerprint()
                    + " enrolled; the assistant is ready");
            ready.complete(stream);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready.completeExceptionally(e);
        } catch (RuntimeException e) {
            transcript.note("[web]", "the assistant did not start: " + e.getMessage());
            ready.completeExceptionally(e);
        }
    }

    private static <T> T require(@Nullable T value) {
        if (value == null) {
            throw new SilasException(ErrorCode.INVALID_INPUT, "the web demo has not been started");
        }
        return value;
    }
}
