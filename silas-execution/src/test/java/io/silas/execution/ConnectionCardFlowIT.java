package io.silas.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.Card;
import io.silas.core.channel.CardAudit;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.ChannelAdapter;
import io.silas.core.channel.CompletionCard;
import io.silas.core.channel.ConnectionFailureCard;
import io.silas.core.channel.DeviceCodeCard;
import io.silas.core.channel.OwnerChannel;
import io.silas.core.channel.PermissionEscalationCard;
import io.silas.core.channel.ProgressCard;
import io.silas.core.channel.RichCardChannel;
import io.silas.core.channel.SecureInputCard;
import io.silas.core.connection.CardSetupPresenter;
import io.silas.core.connection.Connection;
import io.silas.core.connection.ConnectionManager;
import io.silas.core.connection.ConnectionProposal;
import io.silas.core.connection.ConnectionRegistry;
import io.silas.core.connection.ConnectionStatus;
import io.silas.core.connection.EscalationOutcome;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.connection.SetupOutcome;
import io.silas.core.connection.SkillScripts;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SecretValue;
import io.silas.core.trust.SigningKeys;
import io.silas.execution.sandbox.SandboxFixture;
import io.silas.sqlite.SqliteStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Setup and escalation flows through the real card layer: {@link CardSetupPresenter} over rich and text prompters. */
class ConnectionCardFlowIT {
    private static final Path BASE = SandboxFixture.newBaseDir();
    private static final String CANARY = "tok_CANARY-7f3a19-card-flow";
    private static final String RECIPIENT = "conn-owner";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    /** Progress + device code, then secure input, then completion once the credential ref is in the environment. */
    private static final String DEVICE_THEN_SECRET = """
            input=$(cat)
            case "$input" in *'"type":"cancel"'*) exit 0 ;; esac
            n=$(printf '%s\\n' "$input" | grep -c '"type":"step_result"')
            case "$n" in
            0) echo '{"type":"setup_step","step":{"type":"progress","message":"Starting","progress_pct":10}}'
               echo '{"type":"setup_step","step":{"type":"device_code","verification_url":"https://example.com/device","user_code":"ABCD-1234","expires_in":900,"poll_interval":5}}'
               echo '{"type":"await_input"}' ;;
            1) echo '{"type":"setup_step","step":{"type":"secure_input","request":{"ref_id":"api_token","label":"API token","input_hint":"tok_","guidance":{"instructions":"Create a token in settings"}}}}'
               echo '{"type":"await_input"}' ;;
            *) [ -n "$CREDENTIAL_REF_API_TOKEN" ] || exit 5
               perms='"mail.read"'
               case "$input" in *'"mail.send"'*) perms='"mail.read","mail.send"' ;; esac
               echo '{"type":"completion","completion":{"success":true,"summary":"Connected to Mail","permissions_granted":['"$perms"']}}' ;;
            esac""";

    /** Secure input first, then a device code (which the text test lets time out), then completion. */
    private static final String SECRET_THEN_DEVICE = """
            input=$(cat)
            case "$input" in *'"type":"cancel"'*) exit 0 ;; esac
            n=$(printf '%s\\n' "$input" | grep -c '"type":"step_result"')
            case "$n" in
            0) echo '{"type":"setup_step","step":{"type":"secure_input","request":{"ref_id":"api_token","label":"API token","guidance":{"instructions":"Create a token in settings"}}}}'
               echo '{"type":"await_input"}' ;;
            1) echo '{"type":"setup_step","step":{"type":"device_code","verification_url":"https://example.com/device","user_code":"WXYZ-9876","expires_in":900,"poll_interval":5}}'
               echo '{"type":"await_input"}' ;;
            *) echo '{"type":"completion","completion":{"success":true,"summary":"Connected","permissions_granted":["mail.read"]}}' ;;
            esac""";

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(NOW);
    private final SecretStore secrets = SecretStore.inMemory();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private Path skillsDir;

    @BeforeEach
    void setUp() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        skillsDir = Files.createDirectories(tmp.resolve("skills"));
    }

    @AfterEach
    void tearDown() {
        System.setErr(originalErr);
        timers.shutdownNow();
    }

    @AfterAll
    static void cleanUp() {
        SandboxFixture.deleteTree(BASE.getParent());
    }

    private void mailSkill(String setupBody) {
        Path dir = SkillFixtures.skill(skillsDir, "mail", "device_code");
        SkillFixtures.script(dir, "setup", setupBody);
        SkillFixtures.resultScript(dir, "probe", "{\"ok\":true}");
    }

    private ConnectionManager manager(ConnectionRegistry registry, SecureInputRegistry secureInput,
                                      ApprovalEngine approvals, AuditLog audit) {
        return ConnectionManager.builder()
                .skills(SkillScripts.create(skillsDir, SandboxFixture.manager(BASE), Duration.ofSeconds(3)))
                .registry(registry).secureInput(secureInput).approvals(approvals).audit(audit).clock(clock).build();
    }

    private static void submit(SecureInputRegistry registry, String refId, String value) {
        try (SecretValue secret = SecretValue.copyOf(value.toCharArray())) {
            registry.submit(refId, secret);
        }
    }

    /** A rich channel that records every card and lets the test answer it while it is being sent. */
    static final class RecordingRichChannel implements RichCardChannel {
        final List<Card> cards = new CopyOnWriteArrayList<>();
        final List<String> texts = new CopyOnWriteArrayList<>();
        BiConsumer<String, Card> user = (recipient, card) -> { };

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void send(String recipientId, String text) {
            texts.add(text);
        }

        @Override
        public void sendCard(String recipientId, Card card) {
            cards.add(card);
            user.accept(recipientId, card);
        }

        String everything() {
            StringBuilder all = new StringBuilder();
            cards.forEach(c -> all.append(Json.write(c)).append(c).append('\n'));
            texts.forEach(t -> all.append(t).append('\n'));
            return all.toString();
        }
    }

    @Test
    void richCards_fullSetupFlow_answeredByTheUser_activatesWithoutTheSecretOnAnyCard() {
        mailSkill(DEVICE_THEN_SECRET);
        AuditLog audit = AuditLog.inMemory(clock);
        SecureInputRegistry secureInput = SecureInputRegistry.create(secrets, audit, clock, c -> { });
        ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
        ConnectionRegistry registry = ConnectionRegistry.inMemory();
        RecordingRichChannel channel = new RecordingRichChannel();
        CardPrompter prompter = CardPrompter.rich(channel, clock, timers);
        channel.user = (recipient, card) -> {
            if (card instanceof SecureInputCard si) {
                submit(secureInput, si.refId(), CANARY);
                prompter.answer(recipient, card.cardId(), SecureInputCard.DONE);
            } else if (card instanceof DeviceCodeCard) {
                prompter.answer(recipient, card.cardId(), DeviceCodeCard.DONE);
            }
        };
        CardSetupPresenter presenter = CardSetupPresenter.forOwner(prompter, OwnerChannel.of(RECIPIENT), approvals,
                ref -> null, audit);

        SetupOutcome outcome = manager(registry, secureInput, approvals, audit).runSetupFlow("mail", "scope-1",
                presenter);

        assertThat(outcome).isInstanceOf(SetupOutcome.Proposed.class);
        assertThat(channel.cards).extracting(c -> c.getClass().getSimpleName())
                .containsExactly("ProgressCard", "DeviceCodeCard", "SecureInputCard", "CompletionCard");
        DeviceCodeCard device = (DeviceCodeCard) channel.cards.get(1);
        assertThat(device.userCode()).isEqualTo("ABCD-1234");
        SecureInputCard secureCard = (SecureInputCard) channel.cards.get(2);
        assertThat(secureCard.refId()).matches("[0-9a-f]{64}");
        assertThat(secureCard.inputHint()).isEqualTo("tok_");
        assertThat(secrets.contains(SecureInputRegistry.secretRef(secureCard.refId()))).isTrue();
        assertThat(((CompletionCard) channel.cards.get(3)).permissionsGranted()).containsExactly("mail.read");
        assertThat(Json.write(secureCard)).contains("\"card_type\":\"secure_input\"");
        assertThat(prompter.pendingCount()).isZero();

        ConnectionProposal proposal = ((SetupOutcome.Proposed) outcome).proposal();
        Connection connection = manager(registry, secureInput, approvals, audit).activateConnection(proposal,
                approvals.issue(proposal.activationWorkItem(), ApprovalDecision.approved(),
                        ApprovalScope.CONNECTION_MANAGE));
        assertThat(connection.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(channel.everything()).doesNotContain("CANARY");
    }

    @Test
    void richCards_recipientDisconnectsOnDeviceCode_cancelNoRecord() {
        mailSkill(DEVICE_THEN_SECRET);
        AuditLog audit = AuditLog.inMemory(clock);
        SecureInputRegistry secureInput = SecureInputRegistry.create(secrets, audit, clock, c -> { });
        ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
        ConnectionRegistry registry = ConnectionRegistry.inMemory();
        RecordingRichChannel channel = new RecordingRichChannel();
        CardPrompter prompter = CardPrompter.rich(channel, clock, timers);
        channel.user = (recipient, card) -> {
            if (card instanceof DeviceCodeCard) {
                prompter.disconnected(recipient);
            }
        };

        SetupOutcome outcome = manager(registry, secureInput, approvals, audit).runSetupFlow("mail", "scope-1",
                CardSetupPresenter.forOwner(prompter, OwnerChannel.of(RECIPIENT), approvals,
                ref -> null, audit));

        assertThat(outcome).isInstanceOf(SetupOutcome.Cancelled.class);
        assertThat(registry.list()).isEmpty();
        assertThat(audit.findByEvent(ConnectionManager.EVENT_SETUP_CANCELLED)).hasSize(1);
        assertThat(audit.findByEvent(CardAudit.EVENT_CARD_DEFAULTED)).singleElement().satisfies(e -> {
            assertThat(e.data().get("card_kind").asText()).isEqualTo("device_code");
            assertThat(e.data().get("scope_id").asText()).isEqualTo("scope-1");
            assertThat(e.data().get("source").asText()).isEqualTo("disconnected");
            assertThat(e.data().get("error_code").asText()).isEqualTo(ErrorCode.CHANNEL_FAILURE.id());
        });
    }

    @Test
    void textFallback_secretSubmittedThenDeviceCodeTimesOut_cancelAndPartialSecretRemoved() {
        mailSkill(SECRET_THEN_DEVICE);
        AuditLog audit = AuditLog.inMemory(clock);
        SecureInputRegistry secureInput = SecureInputRegistry.create(secrets, audit, clock, c -> { });
        ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
        ConnectionRegistry registry = ConnectionRegistry.inMemory();
        List<String> sent = new CopyOnWriteArrayList<>();
        List<String> refs = new ArrayList<>();
        Pattern link = Pattern.compile("https://host\\.example/secrets/([0-9a-f]{64})");
        CardPrompter[] prompter = new CardPrompter[1];
        ChannelAdapter plain = new ChannelAdapter() {
            @Override
            public String name() {
                return "sms";
            }

            @Override
            public void send(String recipientId, String text) {
                sent.add(text);
                Matcher m = link.matcher(text);
                if (m.find()) {
                    refs.add(m.group(1));
                    submit(secureInput, m.group(1), CANARY);
                    prompter[0].offerMessage(recipientId, "1", true);
                } else if (text.contains("WXYZ-9876")) {
                    clock.advance(Duration.ofHours(1));
                    prompter[0].expireDue();
                }
            }
        };
        prompter[0] = CardPrompter.text(plain, clock, timers);

        SetupOutcome outcome = manager(registry, secureInput, approvals, audit).runSetupFlow("mail", "scope-1",
                CardSetupPresenter.forOwner(prompter[0], OwnerChannel.of(RECIPIENT), approvals,
                ref -> "https://host.example/secrets/" + ref, audit));

        assertThat(outcome).isInstanceOf(SetupOutcome.Cancelled.class);
        assertThat(refs).hasSize(1);
        assertThat(secureInput.isStored(refs.get(0))).isFalse();
        assertThat(secrets.contains(SecureInputRegistry.secretRef(refs.get(0)))).isFalse();
        assertThat(registry.list()).isEmpty();
        assertThat(audit.findByEvent(ConnectionManager.EVENT_SETUP_CANCELLED)).hasSize(1);
        assertThat(sent).anySatisfy(t -> assertThat(t).contains("No reply within").contains("Cancel setup"));
        assertThat(audit.findByEvent(CardAudit.EVENT_CARD_DEFAULTED)).singleElement().satisfies(e -> {
            assertThat(e.data().get("card_kind").asText()).isEqualTo("device_code");
            assertThat(e.data().get("error_code").asText()).isEqualTo(ErrorCode.CHANNEL_TIMEOUT.id());
        });
        assertThat(String.join("\n", sent)).doesNotContain("CANARY");
    }

    @Test
    void escalationCard_approve_reauthorisesWithVerifiedToken_denyAndTimeoutLeaveRecordUnchanged() {
        mailSkill(DEVICE_THEN_SECRET);
        AuditLog audit = AuditLog.inMemory(clock);
        SecureInputRegistry secureInput = SecureInputRegistry.create(secrets, audit, clock, c -> { });
        ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
        ConnectionRegistry registry = ConnectionRegistry.inMemory();
        ConnectionManager manager = manager(registry, secureInput, approvals, audit);
        RecordingRichChannel channel = new RecordingRichChannel();
        CardPrompter prompter = CardPrompter.rich(channel, clock, timers);
        String[] escalationAnswer = {PermissionEscalationCard.DENY};
        channel.user = (recipient, card) -> {
            if (card instanceof SecureInputCard si) {
                submit(secureInput, si.refId(), CANARY);
                prompter.answer(recipient, card.cardId(), SecureInputCard.DONE);
            } else if (card instanceof DeviceCodeCard) {
                prompter.answer(recipient, card.cardId(), DeviceCodeCard.DONE);
            } else if (card instanceof PermissionEscalationCard) {
                if (escalationAnswer[0] == null) {
                    clock.advance(Duration.ofHours(1));
                    prompter.expireDue();
                } else {
                    prompter.answer(recipient, card.cardId(), escalationAnswer[0]);
                }
            }
        };
        CardSetupPresenter presenter = CardSetupPresenter.forOwner(prompter, OwnerChannel.of(RECIPIENT), approvals,
                ref -> null, audit);
        ConnectionProposal proposal =
                ((SetupOutcome.Proposed) manager.runSetupFlow("mail", "scope-1", presenter)).proposal();
        Connection mail = manager.activateConnection(proposal, approvals.issue(proposal.activationWorkItem(),
                ApprovalDecision.approved(), ApprovalScope.CONNECTION_MANAGE));

        for (String answer : new String[] {PermissionEscalationCard.DENY, null}) {
            escalationAnswer[0] = answer;
            assertThatThrownBy(() -> manager.escalatePermission(mail.connectionId(), List.of("mail.send"),
                    "Send the weekly report", "scope-1", presenter))
                    .isInstanceOf(SilasException.class)
                    .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.APPROVAL_DENIED);
            assertThat(registry.get(mail.connectionId()).orElseThrow().permissionsGranted())
                    .containsExactly("mail.read");
        }
        PermissionEscalationCard card = (PermissionEscalationCard) channel.cards.stream()
                .filter(PermissionEscalationCard.class::isInstance).findFirst().orElseThrow();
        assertThat(card.riskLevel().name()).isEqualTo("MEDIUM");
        assertThat(card.requestedPermissions()).containsExactly("mail.send");

        escalationAnswer[0] = PermissionEscalationCard.APPROVE;
        EscalationOutcome outcome = manager.escalatePermission(mail.connectionId(), List.of("mail.send"),
                "Send the weekly report", "scope-1", presenter);

        assertThat(outcome).isInstanceOf(EscalationOutcome.Approved.class);
        assertThat(registry.get(mail.connectionId()).orElseThrow().permissionsGranted())
                .containsExactly("mail.read", "mail.send");
        assertThat(audit.findByEvent(ConnectionManager.EVENT_ESCALATED)).hasSize(1);
        assertThat(channel.everything()).doesNotContain("CANARY");
    }

    @Test
    void failureCard_recoveryChipsEndWithSkip_foreignTapIgnored_timeoutIsSkip() {
        mailSkill("cat >/dev/null\necho '{\"type\":\"failure\",\"failure\":{\"failure_type\":\"consent_denied\","
                + "\"service\":\"Mail\",\"message\":\"Consent was denied\",\"recovery_options\":[]}}'");
        AuditLog audit = AuditLog.inMemory(clock);
        SecureInputRegistry secureInput = SecureInputRegistry.create(secrets, audit, clock, c -> { });
        ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
        RecordingRichChannel channel = new RecordingRichChannel();
        CardPrompter prompter = CardPrompter.rich(channel, clock, timers);
        List<Boolean> foreignTaps = new CopyOnWriteArrayList<>();
        channel.user = (recipient, card) -> {
            foreignTaps.add(prompter.answer("someone-else", card.cardId(), "retry"));
            clock.advance(Duration.ofHours(1));
            prompter.expireDue();
        };

        SetupOutcome outcome = manager(ConnectionRegistry.inMemory(), secureInput, approvals, audit)
                .runSetupFlow("mail", "scope-1",
                        CardSetupPresenter.forOwner(prompter, OwnerChannel.of(RECIPIENT), approvals,
                ref -> null, audit));

        assertThat(outcome).isInstanceOf(SetupOutcome.Failed.class);
        ConnectionFailureCard card = (ConnectionFailureCard) channel.cards.get(0);
        assertThat(card.failureType()).isEqualTo("consent_denied");
        assertThat(card.actions()).hasSizeGreaterThan(1);
        assertThat(card.actions().get(card.actions().size() - 1).value()).isEqualTo(ConnectionFailureCard.SKIP);
        assertThat(card.safeValue()).isEqualTo(ConnectionFailureCard.SKIP);
        assertThat(prompter.pendingCount()).isZero();
        assertThat(channel.cards).hasSize(1);
        assertThat(foreignTaps).containsExactly(false);
        assertThat(audit.findByEvent(ConnectionManager.EVENT_RECOVERY)).singleElement().satisfies(e -> {
            assertThat(e.data().get("action").asText()).isEqualTo("skip");
            assertThat(e.data().get("result").asText()).isEqualTo("skipped");
        });
        assertThat(audit.findByEvent(CardAudit.EVENT_CARD_DEFAULTED)).singleElement().satisfies(e -> {
            assertThat(e.data().get("card_kind").asText()).isEqualTo("connection_failure");
            assertThat(e.data().get("error_code").asText()).isEqualTo(ErrorCode.CHANNEL_TIMEOUT.id());
        });
    }

    @Test
    void canary_fullSetupFlowOverSqlite_neverInTablesAuditLogsExceptionsOrChannel() throws Exception {
        mailSkill(DEVICE_THEN_SECRET);
        Path db = tmp.resolve("data/silas.db");
        Files.createDirectories(db.getParent());
        RecordingRichChannel channel = new RecordingRichChannel();
        List<String> exceptionTexts = new ArrayList<>();
        List<String> auditTexts = new ArrayList<>();
        try (SqliteStores stores = SqliteStores.open(db, clock)) {
            AuditLog audit = stores.auditLog();
            SecureInputRegistry secureInput = SecureInputRegistry.create(secrets, audit, clock, c -> { });
            ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                    .nonceStore(stores.nonceStore()).audit(audit).clock(clock).build();
            ConnectionManager manager = manager(stores.connectionRegistry(), secureInput, approvals, audit);
            CardPrompter prompter = CardPrompter.rich(channel, clock, timers);
            channel.user = (recipient, card) -> {
                if (card instanceof SecureInputCard si) {
                    submit(secureInput, si.refId(), CANARY);
                    try {
                        submit(secureInput, si.refId(), CANARY);
                    } catch (SilasException e) {
                        exceptionTexts.add(e.toString() + e.getMessage() + e.code().userMessage());
                    }
                    prompter.answer(recipient, card.cardId(), SecureInputCard.DONE);
                } else if (card instanceof DeviceCodeCard) {
                    prompter.answer(recipient, card.cardId(), DeviceCodeCard.DONE);
                }
            };
            try {
                submit(secureInput, "0".repeat(64), CANARY);
            } catch (SilasException e) {
                exceptionTexts.add(e.toString() + e.getMessage());
            }
            SetupOutcome outcome = manager.runSetupFlow("mail", "scope-1",
                    CardSetupPresenter.forOwner(prompter, OwnerChannel.of(RECIPIENT), approvals,
                ref -> null, audit));
            ConnectionProposal proposal = ((SetupOutcome.Proposed) outcome).proposal();
            manager.activateConnection(proposal, approvals.issue(proposal.activationWorkItem(),
                    ApprovalDecision.approved(), ApprovalScope.CONNECTION_MANAGE));
            assertThat(stores.connectionRegistry().list()).hasSize(1);
            assertThat(audit.findByEvent(SecureInputRegistry.EVENT_SECRET_STORED)).hasSize(1);
            audit.read(0, 10_000).forEach(e -> auditTexts.add(e.toString()));
            assertThat(audit.verifyChain().toString()).doesNotContain("CANARY");
        }

        assertThat(exceptionTexts).hasSize(2).allSatisfy(t -> assertThat(t).doesNotContain("CANARY"));
        assertThat(auditTexts).isNotEmpty().allSatisfy(t -> assertThat(t).doesNotContain("CANARY"));
        assertThat(channel.cards).isNotEmpty();
        assertThat(channel.everything()).doesNotContain("CANARY");
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("CANARY");
        List<String> tables = new ArrayList<>();
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).isNotEmpty();
            int rows = 0;
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        rows++;
                        for (int i = 1; i <= columns; i++) {
                            byte[] bytes = rs.getBytes(i);
                            String cell = bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
                            assertThat(cell).as(table).doesNotContain("CANARY");
                        }
                    }
                }
            }
            assertThat(rows).isPositive();
        }
        try (var files = Files.list(db.getParent())) {
            for (Path file : files.toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain("CANARY");
            }
        }
    }
}
