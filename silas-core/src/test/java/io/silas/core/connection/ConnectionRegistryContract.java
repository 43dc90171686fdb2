package io.silas.core.connection;

import static io.silas.core.trust.NonceStoreContract.runConcurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ConnectionRegistry} must show (docs/contracts.md#connections): records round-trip, saving
 * again replaces a record but never its first-setup snapshot, lists keep first-save order. Subclasses
 * implement {@link #newStore()}:
 *
 * <pre>{@code
 * class InMemoryConnectionRegistryTest extends ConnectionRegistryContract {
 *     @Override protected ConnectionRegistry newStore() { return ConnectionRegistry.inMemory(); }
 * }
 * }</pre>
 */
public abstract class ConnectionRegistryContract {
    protected static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

    private ConnectionRegistry registry;

    /** Returns a new, empty registry. */
    protected abstract ConnectionRegistry newStore();

    @BeforeEach
    void createRegistry() {
        registry = newStore();
    }

    /** A connection record with every optional field set. */
    protected static Connection connection(String id, String domain, ConnectionStatus status) {
        return new Connection(id, "Outlook — user@example.com", domain, "m365-outlook", AuthStrategy.DEVICE_CODE,
                List.of(ConnectionPermission.OBSERVE), List.of("Mail.ReadBasic", "offline_access"),
                List.of("Mail.ReadWrite", "Mail.Send"), List.of("Mail.ReadBasic", "offline_access"), status,
                "*/30 * * * *", T0, T0.plusSeconds(3600), T0.plusSeconds(86_400 * 90L), T0.plusNanos(5), T0, T0);
    }

    private static void assertInvalid(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SilasException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void get_unknown_empty() {
        assertThat(registry.get("svc-x")).isEmpty();
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void save_thenGet_roundTripsEveryField() {
        Connection c = connection("svc-1", "personal", ConnectionStatus.ACTIVE);

        registry.save(c);

        assertThat(registry.get("svc-1")).contains(c);
    }

    @Test
    void save_minimalRecord_roundTripsNulls() {
        Connection c = new Connection("svc-2", "Notion", "business:acme", "notion", AuthStrategy.SECURE_INPUT,
                List.of(), List.of(), List.of(), List.of(), ConnectionStatus.PROPOSED, "0 * * * *", T0, null, null,
                null, null, null);

        registry.save(c);

        assertThat(registry.get("svc-2")).contains(c);
    }

    @Test
    void save_again_replacesRecordAndKeepsListPosition() {
        Connection a = connection("svc-a", "personal", ConnectionStatus.CONNECTING);
        registry.save(a);
        registry.save(connection("svc-b", "personal", ConnectionStatus.ACTIVE));
        Connection updated = a.withStatus(ConnectionStatus.ACTIVE)
                .withPermissions(List.of(ConnectionPermission.OBSERVE, ConnectionPermission.ACT),
                        List.of("Mail.ReadWrite"))
                .withRefresh(T0.plusSeconds(7200), T0.plusSeconds(86_400), T0.plusSeconds(60)).withLastUsed(T0.plusSeconds(90));

        registry.save(updated);

        assertThat(registry.get("svc-a")).contains(updated);
        assertThat(registry.list()).extracting(Connection::connectionId).containsExactly("svc-a", "svc-b");
    }

    @Test
    void save_changedInitialPermissionsOrCreatedAt_rejectedAndNothingChanged() {
        Connection original = connection("svc-1", "personal", ConnectionStatus.ACTIVE);
        registry.save(original);
        Connection rewritten = new Connection("svc-1", original.name(), original.domain(), original.skillName(),
                original.authStrategy(), original.permissions(), original.permissionsGranted(),
                original.permissionsAvailable(), List.of("Mail.ReadWrite"), ConnectionStatus.FAILED,
                original.healthCheck(), original.createdAt(), null, null, null, null, null);
        Connection recreated = new Connection("svc-1", original.name(), original.domain(), original.skillName(),
                original.authStrategy(), original.permissions(), original.permissionsGranted(),
                original.permissionsAvailable(), original.initialPermissions(), ConnectionStatus.FAILED,
                original.healthCheck(), T0.plusSeconds(1), null, null, null, null, null);

        assertInvalid(() -> registry.save(rewritten));
        assertInvalid(() -> registry.save(recreated));

        assertThat(registry.get("svc-1")).contains(original);
    }

    @Test
    void listByStatusAndDomain_filter() {
        registry.save(connection("svc-1", "personal", ConnectionStatus.ACTIVE));
        registry.save(connection("svc-2", "business:acme", ConnectionStatus.FAILED));
        registry.save(connection("svc-3", "business:acme", ConnectionStatus.ACTIVE));

        assertThat(registry.listByStatus(ConnectionStatus.ACTIVE)).extracting(Connection::connectionId)
                .containsExactly("svc-1", "svc-3");
        assertThat(registry.listByStatus(ConnectionStatus.PAUSED)).isEmpty();
        assertThat(registry.listByDomain("business:acme")).extracting(Connection::connectionId)
                .containsExactly("svc-2", "svc-3");
        assertThat(registry.listByDomain("business")).isEmpty();
    }

    @Test
    void delete_removesOnce_thenSaveStartsAfresh() {
        registry.save(connection("svc-1", "personal", ConnectionStatus.ACTIVE));

        assertThat(registry.delete("svc-1")).isTrue();
        assertThat(registry.delete("svc-1")).isFalse();
        assertThat(registry.get("svc-1")).isEmpty();

        Connection fresh = connection("svc-1", "personal", ConnectionStatus.PROPOSED);
        Connection withOtherSnapshot = new Connection("svc-1", fresh.name(), fresh.domain(), fresh.skillName(),
                fresh.authStrategy(), fresh.permissions(), fresh.permissionsGranted(), fresh.permissionsAvailable(),
                List.of("Mail.Read"), fresh.status(), fresh.healthCheck(), T0.plusSeconds(10), null, null, null, null,
                null);
        registry.save(withOtherSnapshot);
        assertThat(registry.get("svc-1")).contains(withOtherSnapshot);
    }

    @Test
    void arguments_invalid_rejected() {
        assertInvalid(() -> registry.save(null));
        assertInvalid(() -> registry.get(" "));
        assertInvalid(() -> registry.listByStatus(null));
        assertInvalid(() -> registry.listByDomain(""));
        assertInvalid(() -> registry.delete(null));
    }

    @Test
    void save_concurrently8Threads500Each_noLostOrDuplicatedRecords() throws Exception {
        int perThread = 500;

        runConcurrently(8, t -> {
            for (int i = 0; i < perThread; i++) {
                registry.save(connection("t" + t + "-" + i, "domain-" + t, ConnectionStatus.ACTIVE));
            }
            return null;
        });

        List<String> ids = registry.list().stream().map(Connection::connectionId).toList();
        assertThat(ids).hasSize(8 * perThread).doesNotHaveDuplicates();
        for (int t = 0; t < 8; t++) {
            String prefix = "t" + t + "-";
            assertThat(registry.listByDomain("domain-" + t)).extracting(Connection::connectionId)
                    .as("per-thread save order")
                    .containsExactlyElementsOf(IntStream.range(0, perThread).mapToObj(i -> prefix + i).toList());
        }
    }

    @Test
    void saveCredentialRefs_thenRead_keptAcrossRecordSaves() {
        Connection c = connection("svc-1", "personal", ConnectionStatus.ACTIVE);
        registry.save(c);
        CredentialRefs refs = new CredentialRefs("owner", Map.of("CREDENTIAL_REF_API_KEY", "secure-input/abc"));

        registry.saveCredentialRefs("svc-1", refs);
        registry.save(c.withStatus(ConnectionStatus.FAILED));

        assertThat(registry.credentialRefs("svc-1")).contains(refs);
        assertThat(registry.get("svc-1").orElseThrow().status()).isEqualTo(ConnectionStatus.FAILED);
    }

    @Test
    void credentialRefs_noneSavedOrUnknown_empty() {
        registry.save(connection("svc-1", "personal", ConnectionStatus.ACTIVE));

        assertThat(registry.credentialRefs("svc-1")).isEmpty();
        assertThat(registry.credentialRefs("svc-x")).isEmpty();
    }

    @Test
    void saveCredentialRefs_unknownConnection_rejectedNothingWritten() {
        CredentialRefs refs = new CredentialRefs("owner", Map.of("CREDENTIAL_REF_TOKEN", "secure-input/abc"));

        assertInvalid(() -> registry.saveCredentialRefs("svc-x", refs));
        assertInvalid(() -> registry.saveCredentialRefs("svc-x", null));
        assertInvalid(() -> registry.credentialRefs(" "));
        registry.save(connection("svc-x", "personal", ConnectionStatus.ACTIVE));
        assertThat(registry.credentialRefs("svc-x")).isEmpty();
    }

    @Test
    void delete_removesCredentialRefs() {
        registry.save(connection("svc-1", "personal", ConnectionStatus.ACTIVE));
        registry.saveCredentialRefs("svc-1", new CredentialRefs("owner", Map.of("CREDENTIAL_REF_T", "secure-input/a")));

        registry.delete("svc-1");
        registry.save(connection("svc-1", "personal", ConnectionStatus.ACTIVE));

        assertThat(registry.credentialRefs("svc-1")).isEmpty();
    }
}
