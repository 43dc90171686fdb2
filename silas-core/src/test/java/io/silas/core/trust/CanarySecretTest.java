package io.silas.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.SignatureConfig;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.OwnerSigner;
import io.silas.core.channel.SignedMessage;
import io.silas.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores canary secrets (an API key through the secret store, the private signing key through
 * {@link SigningKeys}), runs flows that log, audit and fail, then scans every output for any encoding of them.
 */
class CanarySecretTest {
    private static final String CANARY = "sk-CANARY-b1f0e9d2c3a4-do-not-leak";
    private static final Logger LOG = LoggerFactory.getLogger(CanarySecretTest.class);

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private final List<String> exceptionTexts = new ArrayList<>();

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    @Test
    void canarySecrets_neverInLogsAuditExceptionsOrStoreFile() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-02-01T12:00:00Z"));
        AuditLog audit = AuditLog.inMemory(clock);
        Path keyFile = MasterKeySource.generateKeyFile(tmp.resolve("keys/master.key"));
        MasterKeySource masterKey = MasterKeySource.fromFile(keyFile);
        Path data = tmp.resolve("data");
        LOG.info("canary-capture-marker");

        SecretStore store = SecretStore.encryptedFile(data, masterKey);
        try (SecretValue canary = SecretValue.copyOf(CANARY.toCharArray())) {
            store.put("conn/api:token", canary);
            LOG.info("stored secret {} for {}", canary, "conn/api:token");
            audit.append("secret_stored", Map.of("ref", "conn/api:token", "value_by_mistake", canary));
        }
        SigningKeys keys = SigningKeys.loadOrCreate(store, "owner-signing-key");
        LOG.info("signing keys ready: {}", keys);

        MessageTrust trust = MessageTrust.builder().ownerPublicKey(keys.publicKey()).nonceStore(NonceStore.inMemory())
                .audit(audit).clock(clock).build();
        OwnerSigner signer = new OwnerSigner(keys, clock);
        SignedMessage signed = signer.sign(ChannelMessage.of("web", "owner", "rotate the api key", clock.instant()));
        trust.classify(signed);
        trust.classify(signed);
        trust.classify(signed.withMessage(signed.message().withText("tampered")));
        trust.classify(new SignedMessage(signed.message(), new byte[5], signed.nonce(), signed.timestamp()));
        clock.advance(Duration.ofHours(1));
        trust.classify(signer.sign(signed.message()).withMessage(signed.message()));
        trust.classify(new OwnerSigner(keys, new MutableClock(Instant.parse("2020-01-01T00:00:00Z"))).sign(signed.message()));

        SecretStore reopened = SecretStore.encryptedFile(data, masterKey);
        try (SecretValue back = reopened.get("conn/api:token").orElseThrow()) {
            assertThat(new String(back.revealChars())).isEqualTo(CANARY);
        }
        capture(() -> SecretStore.encryptedFile(data, MasterKeySource.fromFile(MasterKeySource.generateKeyFile(tmp.resolve("other.key")))));
        capture(() -> SecretStore.encryptedFile(tmp.resolve("d2"), MasterKeySource.fromEnv("K", Map.of("K", CANARY))));
        tamperEntry(data.resolve(EncryptedFileSecretStore.FILE_NAME), "conn/api:token");
        SecretStore tampered = SecretStore.encryptedFile(data, masterKey);
        capture(() -> tampered.get("conn/api:token"));
        SecretStore junkStore = SecretStore.inMemory();
        try (SecretValue junk = SecretValue.copyOf(CANARY.toCharArray())) {
            junkStore.put("owner-signing-key", junk);
        }
        capture(() -> SigningKeys.loadOrCreate(junkStore, "owner-signing-key"));

        List<String> canaries = canaries(store, Files.readString(keyFile).strip());
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).as("stderr capture works").contains("canary-capture-marker").contains("stored secret ***");
        assertThat(exceptionTexts).hasSize(4);
        assertThat(audit.findByEvent(MessageTrust.EVENT_REPLAY_REJECTED)).hasSize(1);
        String storeFile = Files.readString(data.resolve(EncryptedFileSecretStore.FILE_NAME), StandardCharsets.ISO_8859_1);
        StringBuilder auditText = new StringBuilder();
        for (AuditEntry e : audit.read(1, 1000)) {
            auditText.append(e).append('\n');
        }
        assertThat(auditText).contains("\"value_by_mistake\":\"***\"");
        for (String canary : canaries) {
            assertThat(logs).as("logs").doesNotContain(canary);
            assertThat(auditText.toString()).as("audit").doesNotContain(canary);
            assertThat(String.join("\n", exceptionTexts)).as("exceptions").doesNotContain(canary);
            assertThat(storeFile).as("store file").doesNotContain(canary);
            assertThat(keys.toString()).doesNotContain(canary);
        }
    }

    /** Every form of the canaries that could leak: plain, UTF-8 base64 and hex; the keyset; the raw seed; the master key. */
    private List<String> canaries(SecretStore store, String masterKeyText) throws Exception {
        List<String> out = new ArrayList<>(List.of(CANARY, masterKeyText,
                Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8)),
                HexFormat.of().formatHex(CANARY.getBytes(StandardCharsets.UTF_8))));
        try (SecretValue keyset = store.get("owner-signing-key").orElseThrow()) {
            String encoded = new String(keyset.revealChars());
            SignatureConfig.register();
            KeysetHandle handle = TinkProtoKeysetFormat.parseKeyset(Base64.getDecoder().decode(encoded),
                    InsecureSecretKeyAccess.get(), RegistryConfiguration.get());
            byte[] seed = ((Ed25519PrivateKey) handle.getPrimary().getKey()).getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
            out.add(encoded.substring(0, 40));
            out.add(HexFormat.of().formatHex(seed));
            out.add(Base64.getEncoder().encodeToString(seed).substring(0, 40));
            out.add(Base64.getUrlEncoder().encodeToString(seed).substring(0, 40));
        }
        return out;
    }

    private void capture(Runnable failing) {
        try {
            failing.run();
            throw new AssertionError("expected a failure");
        } catch (RuntimeException e) {
            StringBuilder text = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                text.append(t).append(' ').append(t.getMessage()).append('\n');
            }
            exceptionTexts.add(text.toString());
        }
    }

    private static void tamperEntry(Path file, String ref) throws Exception {
        var tree = (ObjectNode) Json.mapper().readTree(Files.readAllBytes(file));
        byte[] ct = Base64.getDecoder().decode(tree.get("entries").get(ref).asText());
        ct[0] ^= 1;
        ((ObjectNode) tree.get("entries")).put(ref, Base64.getEncoder().encodeToString(ct));
        Files.write(file, Json.mapper().writeValueAsBytes(tree));
    }
}
