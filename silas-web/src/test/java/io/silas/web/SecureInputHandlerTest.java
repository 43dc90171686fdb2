package io.silas.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.audit.AuditLog;
import io.silas.core.connection.SecureInputCompleted;
import io.silas.core.connection.SecureInputRegistry;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SecretValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /secrets/{ref_id}} of the web channel, over real HTTP on 127.0.0.1. */
class SecureInputHandlerTest {
    private static final String CANARY = "sk-CANARY-http-5d2e-do-not-leak";

    private final Clock clock = Clock.systemUTC();
    private final AuditLog audit = AuditLog.inMemory(clock);
    private final SecretStore secrets = SecretStore.inMemory();
    private final List<SecureInputCompleted> completions = new CopyOnWriteArrayList<>();
    private final SecureInputRegistry registry = SecureInputRegistry.create(secrets, audit, clock, completions::add);
    private final HttpClient client = HttpClient.newHttpClient();
    private WebChannel web;
    private URI base;
    private String ownerToken;

    @BeforeEach
    void start() {
        web = WebChannel.builder().clock(clock).audit(audit).nonceStore(NonceStore.inMemory()).secureInput(registry)
                .build();
        base = web.start(0);
        ownerToken = web.issueOwnerToken(Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() {
        web.close();
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, ownerToken);
    }

    private static String body(String value) {
        return "{\"value\": \"" + value + "\"}";
    }

    private String pendingRef() {
        return registry.register("scope-1", "API key", Duration.ofMinutes(5)).refId();
    }

    @Test
    void ownerPost_pendingRef_storesSecretAndAnswersStoredTrueOnly() throws Exception {
        String ref = pendingRef();
        HttpResponse<String> response = post("/secrets/" + ref, body(CANARY));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"stored\":true}");
        try (SecretValue stored = secrets.get(SecureInputRegistry.secretRef(ref)).orElseThrow()) {
            assertThat(new String(stored.revealChars())).isEqualTo(CANARY);
        }
        assertThat(completions).containsExactly(new SecureInputCompleted(ref, true));
        assertThat(audit.verifyChain().valid()).isTrue();
    }

    @Test
    void withoutOwnerSession_refusedAndNothingStored() throws Exception {
        String ref = pendingRef();
        String guest = web.issueGuestToken("web-guest-1", Duration.ofMinutes(5));
        HttpResponse<String> none = post("/secrets/" + ref, body(CANARY), null);
        HttpResponse<String> unknown = post("/secrets/" + ref, body(CANARY), "not-a-token");
        HttpResponse<String> asGuest = post("/secrets/" + ref, body(CANARY), guest);
        HttpResponse<String> foreign = client.send(HttpRequest.newBuilder(base.resolve("/secrets/" + ref))
                .header("Authorization", "Bearer " + ownerToken).header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(body(CANARY))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(asGuest.statusCode()).isEqualTo(403);
        assertThat(foreign.statusCode()).isEqualTo(403);
        for (HttpResponse<String> r : List.of(none, unknown, asGuest, foreign)) {
            assertThat(r.body()).doesNotContain(CANARY);
        }
        assertThat(registry.isPending(ref)).isTrue();
        assertThat(secrets.contains(SecureInputRegistry.secretRef(ref))).isFalse();
    }

    @Test
    void expiredOwnerSession_is401SessionExpired() throws Exception {
        WebChannel shortLived = WebChannel.builder().clock(clock).audit(audit).nonceStore(NonceStore.inMemory())
                .secureInput(registry).build();
        try (shortLived) {
            URI other = shortLived.start(0);
            String token = shortLived.issueOwnerToken(Duration.ofMillis(1));
            String ref = pendingRef();
            while (shortLived.tokens().lookup(token).valid()) {
                Thread.onSpinWait();
            }
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(other.resolve("/secrets/" + ref))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body(CANARY)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(registry.isPending(ref)).isTrue();
        }
    }

    @Test
    void sameRefTwice_secondIs409AndFirstSecretKept() throws Exception {
        String ref = pendingRef();
        assertThat(post("/secrets/" + ref, body(CANARY)).statusCode()).isEqualTo(201);
        HttpResponse<String> again = post("/secrets/" + ref, body("other"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).isEqualTo("{\"error\":\"secret_ref_consumed\"}");
        try (SecretValue stored = secrets.get(SecureInputRegistry.secretRef(ref)).orElseThrow()) {
            assertThat(new String(stored.revealChars())).isEqualTo(CANARY);
        }
    }

    @Test
    void escapedJsonString_storesDecodedValue() throws Exception {
        String ref = pendingRef();
        assertThat(post("/secrets/" + ref, "{\"value\":\"a\\\"b\\u00e9c\"}").statusCode()).isEqualTo(201);
        try (SecretValue stored = secrets.get(SecureInputRegistry.secretRef(ref)).orElseThrow()) {
            assertThat(new String(stored.revealChars())).isEqualTo("a\"b\u00e9c");
        }
    }

    @Test
    void unknownRef_is404AndNothingStored() throws Exception {
        String ref = "f".repeat(64);
        HttpResponse<String> response = post("/secrets/" + ref, body(CANARY));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"secret_ref_unknown\"}");
        assertThat(secrets.contains(SecureInputRegistry.secretRef(ref))).isFalse();
    }

    @Test
    void get_badPath_oversizedBody_rejected() throws Exception {
        String ref = pendingRef();
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(base.resolve("/secrets/" + ref))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(post("/secrets/..%2Fetc", body(CANARY)).statusCode()).isIn(400, 404);
        assertThat(post("/secrets/" + ref, body("x".repeat(SecureInputHandler.MAX_BODY_BYTES + 1)))
                .statusCode()).isEqualTo(400);
        assertThat(registry.isPending(ref)).isTrue();
    }

    @Test
    void malformedBodies_are400AndRefStaysPending() throws Exception {
        String ref = pendingRef();
        for (String bad : List.of("", CANARY, "{", "[]", "{}", "{\"value\": \"\"}", "{\"value\": 42}",
                "{\"value\": null}", "{\"other\": \"" + CANARY + "\"}",
                "{\"value\": \"a\", \"value\": \"b\"}", "{\"value\": \"a\", \"extra\": 1}",
                "{\"value\": \"" + CANARY + "\"} trailing")) {
            HttpResponse<String> response = post("/secrets/" + ref, bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"error\":\"invalid_body\"}");
        }
        assertThat(registry.isPending(ref)).isTrue();
        assertThat(secrets.contains(SecureInputRegistry.secretRef(ref))).isFalse();
    }

    @Test
    void standaloneServer_boundToLoopback() {
        assertThat(base.getHost()).isEqualTo("127.0.0.1");
        assertThat(base.getPort()).isPositive();
    }
}
