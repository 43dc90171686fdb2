package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.Card;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.DeviceCodeCard;
import io.silas.core.channel.OwnerChannel;
import io.silas.core.channel.PermissionEscalationCard;
import io.silas.core.channel.RichCardChannel;
import io.silas.core.connection.AuthStrategy;
import io.silas.core.connection.CardSetupPresenter;
import io.silas.core.connection.Connection;
import io.silas.core.connection.ConnectionManager;
import io.silas.core.connection.ConnectionProposal;
import io.silas.core.connection.ConnectionRegistry;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.connection.SetupOutcome;
import io.silas.core.connection.SkillScripts;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SigningKeys;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outsider attacks on connection approvals: a connection serving a customer scope is set up
 * or escalated through the real manager, sandboxed skill script and rich-card prompter. Activation and permission
 * escalation are approvals: their cards go to the owner's connection whatever scope the connection serves, and the
 * customer — who taps every card it can name, on its own connection — neither advances the setup nor gets a
 * permission. The owner stays silent, so each card resolves by its timeout (cancel / deny).
 */
class OutsiderConnectionApprovalAttackTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String OWNER = "owner-console";
    private static final String CUSTOMER = "cust-conn";
    private static final String CUSTOMER_SCOPE = "cust-1";

    /** One device-code round, then a completion granting exactly the initial permission. */
    private static final String SETUP = """
            #!/bin/sh
            input=$(cat)
            case "$input" in *'"type":"cancel"'*) exit 0 ;; esac
            n=$(printf '%s\\n' "$input" | grep -c '"type":"step_result"')
            if [ "$n" = 0 ]; then
              echo '{"type":"setup_step","step":{"type":"device_code","verification_url":"https://example.com/device","user_code":"WXYZ-9876","expires_in":900,"poll_interval":5}}'
              echo '{"type":"await_input"}'
            else
              echo '{"type":"completion","completion":{"success":true,"summary":"Mail connected","permissions_granted":["mail.read"]}}'
            fi
            """;

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(NOW);
    private final AuditLog audit = AuditLog.inMemory(clock);
    private final ConnectionRegistry registry = ConnectionRegistry.inMemory();
    private final ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
            .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<String> recipients = new CopyOnWriteArrayList<>();
    private final List<Boolean> customerTaps = new CopyOnWriteArrayList<>();
    private CardPrompter prompter;
    private CardSetupPresenter presenter;
    private ConnectionManager manager;

    @BeforeEach
    void setUp() throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Path skill = Files.createDirectories(tmp.resolve("skills").resolve("mail"));
        Files.writeString(skill.resolve("SKILL.md"), """
                ---
                name: mail
                type: connection
                auth_strategy: device_code
                initial_permissions: [mail.read]
                available_permissions: [mail.read, mail.send]
                ---
                # mail
                A mail connection serving a customer scope.
                """, StandardCharsets.UTF_8);
        Path script = Files.createDirectories(skill.resolve("scripts")).resolve("setup");
        Files.writeString(script, SETUP, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        manager = ConnectionManager.builder()
                .skills(SkillScripts.create(tmp.resolve("skills"), Sandboxes.subprocess(SubprocessSandboxOptions
                        .defaults().withBaseDir(tmp.resolve("sandboxes"))), Duration.ofSeconds(10)))
                .registry(registry)
                .secureInput(SecureInputRegistry.create(SecretStore.inMemory(), audit, clock, c -> { }))
                .approvals(approvals).audit(audit).clock(clock).build();
        prompter = CardPrompter.rich(new CustomerTapsEverything(), clock, timers);
        presenter = CardSetupPresenter.forOwner(prompter, OwnerChannel.of(OWNER), approvals, ref -> null, audit);
    }

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
    }

    /**
     * Records who each card is addressed to; the customer then taps "done" / "approve" on a device-code or
     * escalation card from its own connection, and the owner stays silent (every card times out).
     */
    private final class CustomerTapsEverything implements RichCardChannel {
        @Override
        public String name() {
            return "web";
        }

        @Override
        public void send(String recipientId, String text) {
        }

        @Override
        public void sendCard(String recipientId, Card card) {
            recipients.add(recipientId);
            String value = card instanceof PermissionEscalationCard ? PermissionEscalationCard.APPROVE
                    : card instanceof DeviceCodeCard ? DeviceCodeCard.DONE : null;
            if (value != null) {
                customerTaps.add(prompter.answer(CUSTOMER, card.cardId(), value));
            }
            clock.advance(Duration.ofHours(1));
            prompter.expireDue();
        }
    }

    @Test
    void customerTapsTheSetupCardOfItsScopesConnection_setupCancelledNothingProposed() {
        SetupOutcome outcome = manager.runSetupFlow("mail", CUSTOMER_SCOPE, presenter);

        assertThat(outcome).isNotInstanceOf(SetupOutcome.Proposed.class);
        assertThat(registry.list()).isEmpty();
        assertThat(audit.findByEvent("approval_issued")).as("no token was signed").isEmpty();
        assertThat(recipients).isNotEmpty().containsOnly(OWNER);
        assertThat(customerTaps).isNotEmpty().containsOnly(false);
    }

    @Test
    void customerTapsApproveOnItsConnectionsEscalation_deniedPermissionsUnchanged() {
        ConnectionProposal proposal = new ConnectionProposal("conn-mail", "mail", CUSTOMER_SCOPE, "customer mail",
                AuthStrategy.DEVICE_CODE, List.of("mail.read"), List.of("mail.read", "mail.send"), null, Map.of(),
                "Connected");
        Connection mail = manager.activateConnection(proposal, approvals.issue(proposal.activationWorkItem(),
                ApprovalDecision.approved(), ApprovalScope.CONNECTION_MANAGE));
        int tokensBefore = audit.findByEvent("approval_issued").size();

        assertThatThrownBy(() -> manager.escalatePermission(mail.connectionId(), List.of("mail.send"),
                "send as the shop", CUSTOMER_SCOPE, presenter))
                .isInstanceOf(SilasException.class)
                .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.APPROVAL_DENIED));

        assertThat(registry.get(mail.connectionId()).orElseThrow().permissionsGranted()).containsExactly("mail.read");
        assertThat(audit.findByEvent(ConnectionManager.EVENT_ESCALATED)).isEmpty();
        assertThat(audit.findByEvent("approval_issued")).as("no token was signed from the customer's tap")
                .hasSize(tokensBefore);
        assertThat(recipients).containsExactly(OWNER);
        assertThat(customerTaps).containsExactly(false);
    }

    @Test
    void noPresenterFactoryLetsAHostAddressSetupCardsToAnyoneButTheOwner() {
        List<Method> factories = Arrays.stream(CardSetupPresenter.class.getMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) && m.getReturnType() == CardSetupPresenter.class)
                .toList();

        assertThat(factories).isNotEmpty().allSatisfy(m -> assertThat(m.getParameterTypes())
                .as(m.toString()).contains(OwnerChannel.class));
    }
}
