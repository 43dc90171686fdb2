package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditEntry;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.OwnerChannel;
import io.silas.core.config.SilasConfig;
import io.silas.core.connection.AuthStrategy;
import io.silas.core.connection.CardSetupPresenter;
import io.silas.core.connection.Connection;
import io.silas.core.connection.ConnectionManager;
import io.silas.core.connection.ConnectionPermission;
import io.silas.core.connection.ConnectionStatus;
import io.silas.core.connection.CredentialRefs;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.connection.SkillScripts;
import io.silas.core.stream.StartupReport;
import io.silas.core.stream.Stream;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SigningKeys;
import io.silas.execution.sandbox.SandboxNetwork;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.gates.Gates;
import io.silas.sqlite.SqliteStores;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Startup connection health (docs/contracts.md#stream-and-turns startup steps 3–4) with real sandboxed skill scripts:
 * each "process" is a fresh Stream and a fresh connection manager over fresh SQLite handles on the same file; the
 * owner's channel is a plain text channel, so the manager's failure card arrives as numbered text. The service behind
 * the scripts is a real HTTP server on this host's non-loopback address (allowed to the sandboxes by the host: a
 * sandbox with network never reaches the host's loopback) that remembers whether the recover script ran.
 */
class StreamStartupHealthIT {
    private static final String OWNER = "owner";
    private static final String CONNECTION = "conn-mail";
    private static final String HEALTHY = "{\"type\":\"result\",\"result\":{\"healthy\":true,\"latency_ms\":1}}";

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final SigningKeys ownerKeys = SigningKeys.generate();
    private final SigningKeys approvalKeys = SigningKeys.generate();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final AtomicBoolean serviceRecovered = new AtomicBoolean();
    private final AtomicInteger healthCalls = new AtomicInteger();
    private HttpServer service;
    private Path skill;

    @BeforeEach
    void setUp() throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        service = HttpServer.create(new InetSocketAddress(hostAddress(), 0), 0);
        service.createContext("/health", exchange -> {
            healthCalls.incrementAndGet();
            respond(exchange, serviceRecovered.get() ? HEALTHY
                    : "{\"type\":\"result\",\"result\":{\"healthy\":false,\"error\":\"mailbox unreachable\","
                    + "\"latency_ms\":1}}");
        });
        service.createContext("/recover", exchange -> {
            serviceRecovered.set(true);
            respond(exchange, "{\"type\":\"result\",\"result\":{\"recovered\":true}}");
        });
        service.start();
        skill = tmp.resolve("skills").resolve("mail");
        write(skill.resolve("SKILL.md"), "---\nname: mail\ntype: connection\nauth_strategy: device_code\n"
                + "initial_permissions: [mail.read]\navailable_permissions: [mail.read]\n---\n# Mail\n", false);
        script("health_check", "curl -sf " + url("/health"));
        script("refresh_token", "exit 3");
        script("recover", "exit 3");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        service.stop(0);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String url(String path) {
        return "http://" + service.getAddress().getAddress().getHostAddress() + ":" + service.getAddress().getPort()
                + path;
    }

    /** This host's first non-loopback IPv4 address: where the test service listens for the sandboxes. */
    private static InetAddress hostAddress() throws IOException {
        for (java.net.NetworkInterface nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : java.util.Collections.list(nif.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress()) {
                    return a;
                }
            }
        }
        throw new IllegalStateException("the test needs a non-loopback IPv4 address");
    }

    private void script(String name, String body) {
        write(skill.resolve("scripts").resolve(name), "#!/bin/sh\ncat >/dev/null\n" + body + "\n", true);
    }

    private static void write(Path file, String text, boolean executable) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            if (executable) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A goal file naming {@code skills}; returns the config pointing at it. */
    private SilasConfig goalConfig(String skills) throws IOException {
        Path goal = tmp.resolve("goal.md");
        Files.writeString(goal, """
                ---
                id: mail-triage
                type: goal
                title: Triage the inbox
                schedule: "*/5 * * * *"
                skills: %s
                ---
                Triage new mail.
                """.formatted(skills));
        return SilasConfig.parse("active_goal: " + goal, name -> null);
    }

    /** One process: store handles, audit log, manager, text card prompter and Stream. */
    private final class Process {
        final SqliteStores stores = SqliteStores.open(tmp.resolve("silas.db"), clock);
        final RecordingChannel channel = new RecordingChannel();
        final Stream stream;

        Process(SilasConfig config) {
            open.add(stores);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
            open.add(() -> {
                pool.shutdownNow();
                timers.shutdownNow();
            });
            ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(approvalKeys)
                    .nonceStore(stores.nonceStore()).audit(stores.auditLog()).clock(clock).build();
            ConnectionManager manager = ConnectionManager.builder()
                    .skills(SkillScripts.create(tmp.resolve("skills"), Sandboxes.subprocess(
                            SubprocessSandboxOptions.defaults().withBaseDir(tmp.resolve("sandboxes"))
                                    .withNetwork(SandboxNetwork.defaults().withAllowedNetworks(List.of(
                                            service.getAddress().getAddress().getHostAddress() + "/32")))),
                            Duration.ofSeconds(20)))
                    .registry(stores.connectionRegistry())
                    .secureInput(SecureInputRegistry.create(SecretStore.inMemory(), stores.auditLog(), clock, c -> { }))
                    .approvals(approvals).audit(stores.auditLog()).clock(clock).build();
            CardPrompter cards = CardPrompter.text(channel, clock, timers);
            stream = Stream.builder().config(config).audit(stores.auditLog())
                    .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore())
                    .proxy(StreamFixture.direct(t -> "noted: " + t))
                    .gateRunner(Gates.runner().audit(stores.auditLog()).provider(Gates.predicate()).build())
                    .messageTrust(MessageTrust.builder().ownerPublicKey(ownerKeys.publicKey())
                            .nonceStore(stores.nonceStore()).audit(stores.auditLog()).clock(clock).build())
                    .channel(channel).turnExecutor(pool).backgroundExecutor(pool).clock(clock)
                    .approvals(approvals).cardPrompter(cards)
                    .connectionManager(manager, CardSetupPresenter.forOwner(cards, OwnerChannel.of(OWNER), approvals,
                ref -> null, stores.auditLog()))
                    .build();
            open.add(stream);
        }

        List<AuditEntry> audited(String event) {
            return stores.auditLog().findByEvent(event);
        }

        ConnectionStatus status() {
            return stores.connectionRegistry().get(CONNECTION).orElseThrow().status();
        }

        /** Stops this process: its Stream, then its store handles (and the database lock). */
        void stop() {
            stream.close();
            stores.close();
        }
    }

    /** A first process registers the active mail connection owned by scope {@code owner}, then stops. */
    private void connectMail() throws Exception {
        try (SqliteStores first = SqliteStores.open(tmp.resolve("silas.db"), clock)) {
            first.connectionRegistry().save(new Connection(CONNECTION, "Mail", "personal", "mail",
                    AuthStrategy.DEVICE_CODE, List.of(ConnectionPermission.OBSERVE), List.of("mail.read"),
                    List.of("mail.read"), List.of("mail.read"), ConnectionStatus.ACTIVE, "*/30 * * * *",
                    clock.instant(), null, null, null, null, null));
            first.connectionRegistry().saveCredentialRefs(CONNECTION, new CredentialRefs(OWNER, Map.of()));
        }
    }

    private static @Nullable String field(AuditEntry entry, String name) {
        return entry.data().has(name) ? entry.data().get(name).asText() : null;
    }

    @Test
    void start_goalConnectionHealthy_checkedActive_nothingSent() throws Exception {
        serviceRecovered.set(true);
        connectMail();

        Process process = new Process(goalConfig("[mail]"));
        StartupReport report = process.stream.start();

        assertThat(report.connectionHealth()).singleElement().satisfies(r -> {
            assertThat(r.connectionId()).isEqualTo(CONNECTION);
            assertThat(r.status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(r.health().healthy()).isTrue();
            assertThat(r.recovered()).isFalse();
        });
        assertThat(report.skippedSteps()).doesNotContain("connection_health");
        assertThat(process.channel.all()).isEmpty();
        assertThat(process.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(process.audited("startup_connection_checked")).singleElement()
                .satisfies(e -> assertThat(field(e, "status")).isEqualTo("active"));
        assertThat(process.audited("startup_connection_health")).singleElement().satisfies(e -> {
            assertThat(field(e, "goal_id")).isEqualTo("mail-triage");
            assertThat(field(e, "checked")).isEqualTo("1");
            assertThat(field(e, "failed")).isEqualTo("0");
        });
    }

    @Test
    void start_goalConnectionUnhealthy_recoverSucceeds_activeAndNoNotice() throws Exception {
        script("recover", "curl -sf " + url("/recover"));
        connectMail();

        Process process = new Process(goalConfig("[mail]"));
        StartupReport report = process.stream.start();

        assertThat(report.connectionHealth()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(r.refreshed()).isFalse();
            assertThat(r.recovered()).isTrue();
            assertThat(r.failure()).isNull();
        });
        assertThat(healthCalls.get()).as("checked, recovered, checked again").isEqualTo(2);
        assertThat(process.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(process.channel.all()).isEmpty();
        assertThat(process.audited(ConnectionManager.EVENT_RECOVERED)).hasSize(1);
        assertThat(process.audited(ConnectionManager.EVENT_FAILED)).isEmpty();
    }

    @Test
    void start_goalConnectionUnhealthy_recoveryFails_failedAndExactlyOneOwnerNotice() throws Exception {
        connectMail();

        Process second = new Process(goalConfig("[mail]"));
        StartupReport report = second.stream.start();

        assertThat(report.connectionHealth()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ConnectionStatus.FAILED);
            assertThat(r.refreshed()).isFalse();
            assertThat(r.recovered()).isFalse();
            assertThat(r.failure()).isNotNull();
        });
        assertThat(second.status()).isEqualTo(ConnectionStatus.FAILED);
        assertThat(second.channel.sentTo(OWNER)).singleElement().asString()
                .contains("Connecting mail failed").contains("Reply with a number");
        assertThat(second.channel.all()).containsOnlyKeys(OWNER);
        assertThat(second.audited(ConnectionManager.EVENT_FAILED)).hasSize(1);
        assertThat(second.audited("startup_connection_checked")).singleElement().satisfies(e -> {
            assertThat(field(e, "status")).isEqualTo("failed");
            assertThat(field(e, "failure_card_offered")).isEqualTo("true");
        });
        assertThat(second.audited("stream_started")).hasSize(1);
        second.stop();

        Process third = new Process(goalConfig("[mail]"));
        StartupReport again = third.stream.start();

        assertThat(again.connectionHealth()).isEmpty();
        assertThat(third.channel.all()).as("no second notice for a connection already failed").isEmpty();
        assertThat(third.audited("startup_connection_skipped")).singleElement()
                .satisfies(e -> assertThat(field(e, "status")).isEqualTo("failed"));
    }

    @Test
    void start_noActiveGoal_orGoalWithoutConnections_nothingChecked() throws Exception {
        connectMail();

        Process withoutGoal = new Process(SilasConfig.parse("{}", name -> null));
        StartupReport first = withoutGoal.stream.start();
        assertThat(first.connectionHealth()).isEmpty();
        assertThat(withoutGoal.audited("startup_connection_health")).singleElement().satisfies(e -> {
            assertThat(field(e, "goal_id")).isEqualTo("none");
            assertThat(field(e, "checked")).isEqualTo("0");
        });
        withoutGoal.stop();

        Process otherGoal = new Process(goalConfig("[calendar]"));
        StartupReport second = otherGoal.stream.start();
        assertThat(second.connectionHealth()).isEmpty();
        assertThat(otherGoal.audited("startup_connection_health")).extracting(e -> field(e, "goal_id"))
                .containsExactly("none", "mail-triage");

        assertThat(healthCalls.get()).isZero();
        assertThat(otherGoal.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(withoutGoal.channel.all()).isEmpty();
        assertThat(otherGoal.channel.all()).isEmpty();
        assertThat(otherGoal.audited("startup_connection_checked")).isEmpty();
    }
}
