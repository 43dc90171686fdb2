package io.silas.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SecretValue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class SecureInputRegistryTest {
    private static final String CANARY = "ntn_CANARY-7f3a9c1e-do-not-leak";
    private static final Logger LOG = LoggerFactory.getLogger(SecureInputRegistryTest.class);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final AuditLog audit = AuditLog.inMemory(clock);
    private final SecretStore secrets = SecretStore.inMemory();
    private final List<SecureInputCompleted> completions = new CopyOnWriteArrayList<>();
    private final SecureInputRegistry registry = SecureInputRegistry.create(secrets, audit, clock, completions::add);

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    private static SecretValue canary() {
        return SecretValue.copyOf(CANARY.toCharArray());
    }

    @Test
    void register_returnsRandomUnguessableRefIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String ref = registry.register("scope-1", "Notion token", Duration.ofMinutes(10)).refId();
            assertThat(ref).matches("[0-9a-f]{64}");
            ids.add(ref);
        }
        assertThat(ids).hasSize(200);
    }

    @Test
    void register_withTemplate_keepsLabelHintGuidance_butNotTheScriptRef() {
        SecureInputRequest template = new SecureInputRequest("script_ref", "Notion integration token", "ntn_...",
                new SecureInputRequest.Guidance("Create an integration", "https://www.notion.so/my-integrations"));
        SecureInputRequest request = registry.register("scope-1", template, Duration.ofMinutes(5));
        assertThat(request.refId()).isNotEqualTo("script_ref");
        assertThat(request.label()).isEqualTo(template.label());
        assertThat(request.inputHint()).isEqualTo("ntn_...");
        assertThat(request.guidance()).isEqualTo(template.guidance());
        assertThat(registry.isPending(request.refId())).isTrue();
    }

    @Test
    void submit_pendingRef_storesConsumesAuditsAndNotifies() {
        String ref = registry.register("scope-1", "Notion token", Duration.ofMinutes(10)).refId();
        try (SecretValue secret = canary()) {
            assertThat(registry.submit(ref, secret)).isEqualTo(SecureInputReceipt.STORED);
        }
        try (SecretValue stored = secrets.get(SecureInputRegistry.secretRef(ref)).orElseThrow()) {
            assertThat(new String(stored.revealChars())).isEqualTo(CANARY);
        }
        assertThat(registry.isPending(ref)).isFalse();
        assertThat(registry.isStored(ref)).isTrue();
        assertThat(completions).containsExactly(new SecureInputCompleted(ref, true));
        List<AuditEntry> entries = audit.findByEvent(SecureInputRegistry.EVENT_SECRET_STORED);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).data().toString()).isEqualTo("{\"ref_id\":\"" + ref + "\"}");
        assertThat(Json.write(SecureInputReceipt.STORED)).isEqualTo("{\"stored\":true}");
    }

    @Test
    void submit_secondTime_consumedAndFirstSecretKept() {
        String ref = registry.register("scope-1", "token", Duration.ofMinutes(10)).refId();
        registry.submit(ref, canary());
        try (SecretValue other = SecretValue.copyOf("other".toCharArray())) {
            assertThatThrownBy(() -> registry.submit(ref, other))
                    .isInstanceOf(SilasException.class)
                    .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.SECRET_REF_CONSUMED);
        }
        try (SecretValue stored = secrets.get(SecureInputRegistry.secretRef(ref)).orElseThrow()) {
            assertThat(new String(stored.revealChars())).isEqualTo(CANARY);
        }
        assertThat(audit.findByEvent(SecureInputRegistry.EVENT_SECRET_STORED)).hasSize(1);
    }

    @Test
    void submit_unknownRef_rejectedNothingStored() {
        String ref = "a".repeat(64);
        assertThatThrownBy(() -> registry.submit(ref, canary()))
                .isInstanceOf(SilasException.class)
                .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.SECRET_REF_UNKNOWN);
        assertThat(secrets.contains(SecureInputRegistry.secretRef(ref))).isFalse();
        assertThat(completions).isEmpty();
        assertThat(audit.findByEvent(SecureInputRegistry.EVENT_SUBMIT_REJECTED)).singleElement().satisfies(e -> {
            assertThat(e.data().path("ref_id").asText()).isEqualTo(ref);
            assertThat(e.data().path("error_code").asText()).isEqualTo(ErrorCode.SECRET_REF_UNKNOWN.id());
            assertThat(e.data().path("security_event").asBoolean()).isTrue();
        });
        assertThat(audit.size()).isEqualTo(1);
    }

    @Test
    void submit_consumedOrMalformedRef_rejectionsAuditedWithoutTheSecretOrTheRawRef() {
        String ref = registry.register("owner", "Token", Duration.ofMinutes(5)).refId();
        registry.submit(ref, canary());
        assertThatThrownBy(() -> registry.submit(ref, canary()))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SECRET_REF_CONSUMED));
        assertThatThrownBy(() -> registry.submit("<script>" + "x".repeat(5000), canary()))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SECRET_REF_UNKNOWN));

        assertThat(audit.findByEvent(SecureInputRegistry.EVENT_SUBMIT_REJECTED))
                .extracting(e -> e.data().path("error_code").asText() + " " + e.data().path("ref_id").asText())
                .containsExactly(ErrorCode.SECRET_REF_CONSUMED.id() + " " + ref,
                        ErrorCode.SECRET_REF_UNKNOWN.id() + " malformed");
        assertThat(audit.findByEvent(SecureInputRegistry.EVENT_SUBMIT_REJECTED).toString()).doesNotContain(CANARY);
    }

    @Test
    void submit_expiredRef_rejectedNothingStoredListenerToldFailure() {
        String ref = registry.register("scope-1", "token", Duration.ofMinutes(10)).refId();
        clock.advance(Duration.ofMinutes(10));
        assertThat(registry.isPending(ref)).isFalse();
        assertThatThrownBy(() -> registry.submit(ref, canary()))
                .isInstanceOf(SilasException.class)
                .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.SECRET_REF_UNKNOWN);
        assertThat(secrets.contains(SecureInputRegistry.secretRef(ref))).isFalse();
        assertThat(completions).containsExactly(new SecureInputCompleted(ref, false));
    }

    @Test
    void discard_removesPendingRefAndStoredSecret() {
        String pendingRef = registry.register("scope-1", "a", Duration.ofMinutes(10)).refId();
        String storedRef = registry.register("scope-1", "b", Duration.ofMinutes(10)).refId();
        registry.submit(storedRef, canary());
        assertThat(registry.discard(pendingRef)).isTrue();
        assertThat(registry.discard(storedRef)).isTrue();
        assertThat(secrets.contains(SecureInputRegistry.secretRef(storedRef))).isFalse();
        assertThatThrownBy(() -> registry.submit(pendingRef, canary())).isInstanceOf(SilasException.class);
        assertThat(registry.discard(pendingRef)).isFalse();
    }

    @Test
    void submit_concurrently_exactlyOneStores() throws Exception {
        String ref = registry.register("scope-1", "token", Duration.ofMinutes(10)).refId();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ErrorCode>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try (SecretValue s = canary()) {
                        registry.submit(ref, s);
                        return null;
                    } catch (SilasException e) {
                        return e.code();
                    }
                }));
            }
            start.countDown();
            List<ErrorCode> rejections = new ArrayList<>();
            int stored = 0;
            for (Future<ErrorCode> f : results) {
                ErrorCode code = f.get();
                if (code == null) {
                    stored++;
                } else {
                    rejections.add(code);
                }
            }
            assertThat(stored).isEqualTo(1);
            assertThat(rejections).hasSize(threads - 1).containsOnly(ErrorCode.SECRET_REF_CONSUMED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(audit.findByEvent(SecureInputRegistry.EVENT_SECRET_STORED)).hasSize(1);
    }

    @Test
    void canary_neverInAuditLogsExceptionsOrToStrings() {
        List<String> texts = new ArrayList<>();
        SecureInputRequest request = registry.register("scope-1", "token", Duration.ofMinutes(1));
        try (SecretValue secret = canary()) {
            SecureInputReceipt receipt = registry.submit(request.refId(), secret);
            texts.add(receipt.toString());
            texts.add(Json.write(receipt));
            texts.add(secret.toString());
            LOG.info("stored {} as {}", secret, receipt);
            try {
                registry.submit(request.refId(), secret);
            } catch (SilasException e) {
                texts.add(e.getMessage());
                texts.add(e.toString());
            }
        }
        SecureInputRequest expiring = registry.register("scope-1", "token", Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(2));
        try (SecretValue secret = canary()) {
            registry.submit(expiring.refId(), secret);
        } catch (SilasException e) {
            texts.add(e.getMessage());
        }
        texts.add(registry.toString());
        completions.forEach(c -> texts.add(c.toString()));
        audit.read(0, 1000).forEach(e -> texts.add(e.toString()));
        texts.add(captured.toString(StandardCharsets.UTF_8));
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("stored ***");
        assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain(CANARY).doesNotContain("CANARY"));
    }

    @Test
    void register_invalidArguments_rejected() {
        assertThatThrownBy(() -> registry.register(" ", "x", Duration.ofMinutes(1))).isInstanceOf(SilasException.class);
        assertThatThrownBy(() -> registry.register("s", "x", Duration.ZERO)).isInstanceOf(SilasException.class);
        assertThatThrownBy(() -> registry.submit("abc", null)).isInstanceOf(SilasException.class);
    }
}
