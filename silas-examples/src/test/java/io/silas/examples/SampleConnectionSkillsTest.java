package io.silas.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.audit.AuditLog;
import io.silas.web.WebChannel;
import io.silas.core.channel.Card;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.CompletionCard;
import io.silas.core.channel.DeviceCodeCard;
import io.silas.core.channel.OwnerChannel;
import io.silas.core.channel.ProgressCard;
import io.silas.core.channel.RichCardChannel;
import io.silas.core.channel.SecureInputCard;
import io.silas.core.connection.CardSetupPresenter;
import io.silas.core.connection.Connection;
import io.silas.core.connection.ConnectionManager;
import io.silas.core.connection.ConnectionProposal;
import io.silas.core.connection.ConnectionRegistry;
import io.silas.core.connection.ConnectionStatus;
import io.silas.core.connection.HealthReport;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.connection.SetupOutcome;
import io.silas.core.connection.SkillScripts;
import io.silas.core.json.Json;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SecretValue;
import io.silas.core.trust.SigningKeys;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the sample skills in {@code silas-examples/skills} through the real manager, sandbox and card layer. */
class SampleConnectionSkillsTest {
    private static final String CANARY = "ntn_CANARY-2b7d-sample-skill";
    private static final String RECIPIENT = "owner";

    @TempDir
    Path tmp;

    private final Clock clock = Clock.systemUTC();
    private final AuditLog audit = AuditLog.inMemory(clock);
    private final SecretStore secrets = SecretStore.inMemory();
    private final SecureInputRegistry secureInput = SecureInputRegistry.create(secrets, audit, clock, c -> { });
    private final ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
            .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
    private final ConnectionRegistry registry = ConnectionRegistry.inMemory();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<Card> cards = new CopyOnWriteArrayList<>();
    private BiConsumer<String, Card> user = (recipient, card) -> { };
    private CardPrompter prompter;
    private ConnectionManager manager;

    @BeforeEach
    void setUp() throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Path skills = copyTree(Path.of("skills"), tmp.resolve("skills"));
        RichCardChannel channel = new RichCardChannel() {
            @Override
            public String name() {
                return "web";
            }

            @Override
            public void send(String recipientId, String text) {
            }

            @Override
            public void sendCard(String recipientId, Card card) {
                cards.add(card);
                user.accept(recipientId, card);
            }
        };
        prompter = CardPrompter.rich(channel, clock, timers);
        manager = ConnectionManager.builder()
                .skills(SkillScripts.create(skills, Sandboxes.subprocess(SubprocessSandboxOptions.defaults()
                        .withBaseDir(tmp.resolve("sandboxes"))), Duration.ofSeconds(10)))
                .registry(registry).secureInput(secureInput).approvals(approvals).audit(audit).clock(clock).build();
    }

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    private CardSetupPresenter presenter() {
        return CardSetupPresenter.forOwner(prompter, OwnerChannel.of(RECIPIENT), approvals,
                ref -> null, audit);
    }

    private Connection activate(SetupOutcome outcome) {
        assertThat(outcome).isInstanceOf(SetupOutcome.Proposed.class);
        ConnectionProposal proposal = ((SetupOutcome.Proposed) outcome).proposal();
        return manager.activateConnection(proposal, approvals.issue(proposal.activationWorkItem(),
                ApprovalDecision.approved(), ApprovalScope.CONNECTION_MANAGE));
    }

    @Test
    void discover_findsBothSampleSkills() {
        assertThat(manager.discover()).extracting(s -> s.name())
                .containsExactlyInAnyOrder("notion-token", "device-login");
    }

    @Test
    void notionToken_secretPostedToWebSecureInputEndpoint_connectsAndIsHealthy() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try (WebChannel web = WebChannel.builder().clock(clock).audit(audit).nonceStore(NonceStore.inMemory())
                .secureInput(secureInput).build()) {
            URI base = web.start(0);
            String token = web.issueOwnerToken(Duration.ofMinutes(5));
            user = (recipient, card) -> {
                if (card instanceof SecureInputCard si) {
                    try {
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                base.resolve("/secrets/" + si.refId())).header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"value\":\"" + CANARY + "\"}"))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(response.statusCode()).isEqualTo(201);
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    prompter.answer(recipient, card.cardId(), SecureInputCard.DONE);
                }
            };

            Connection connection = activate(manager.runSetupFlow("notion-token", "scope-1", presenter()));

            assertThat(connection.status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(connection.permissionsGranted()).containsExactly("pages.read");
            assertThat(cards).extracting(c -> c.getClass().getSimpleName())
                    .containsExactly("SecureInputCard", "ProgressCard", "CompletionCard");
            SecureInputCard card = (SecureInputCard) cards.get(0);
            assertThat(card.inputHint()).isEqualTo("ntn_");
            try (SecretValue stored = secrets.get(SecureInputRegistry.secretRef(card.refId())).orElseThrow()) {
                assertThat(new String(stored.revealChars())).isEqualTo(CANARY);
            }
            List<HealthReport> health = manager.runHealthChecks(presenter());
            assertThat(health).singleElement().satisfies(h -> assertThat(h.health().healthy()).isTrue());
            assertThat(cards).allSatisfy(c -> assertThat(Json.write(c)).doesNotContain("CANARY"));
        }
    }

    @Test
    void deviceLogin_codeConfirmed_connectsWithTokenExpiry() {
        user = (recipient, card) -> {
            if (card instanceof DeviceCodeCard) {
                prompter.answer(recipient, card.cardId(), DeviceCodeCard.DONE);
            }
        };

        Connection connection = activate(manager.runSetupFlow("device-login", "scope-1", presenter()));

        assertThat(connection.permissionsGranted()).containsExactly("calendar.read");
        assertThat(connection.tokenExpiresAt()).isAfter(clock.instant());
        assertThat(cards.get(0)).isInstanceOfSatisfying(DeviceCodeCard.class,
                c -> assertThat(c.userCode()).isEqualTo("WDJB-MJHT"));
        assertThat(cards.get(1)).isInstanceOf(ProgressCard.class);
        assertThat(cards.get(2)).isInstanceOfSatisfying(CompletionCard.class, c -> assertThat(c.success()).isTrue());
        assertThat(manager.runHealthChecks(presenter())).singleElement()
                .satisfies(h -> assertThat(h.status()).isEqualTo(ConnectionStatus.ACTIVE));
    }

    @Test
    void deviceLogin_recipientDisconnects_cancelledNoConnection() {
        user = (recipient, card) -> {
            if (card instanceof DeviceCodeCard) {
                prompter.disconnected(recipient);
            }
        };
        assertThat(manager.runSetupFlow("device-login", "scope-1", presenter()))
                .isInstanceOf(SetupOutcome.Cancelled.class);
        assertThat(registry.list()).isEmpty();
    }
}
