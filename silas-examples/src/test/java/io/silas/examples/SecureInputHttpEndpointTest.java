package io.silas.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.audit.AuditLog;
import io.silas.core.connection.SecureInputCompleted;
import io.silas.core.connection.SecureInputRegistry;
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

class SecureInputHttpEndpointTest {
    private static final String CANARY = "sk-CANARY-http-5d2e-do-not-leak";

    private final AuditLog audit = AuditLog.inMemory(Clock.systemUTC());
    private final SecretStore secrets = SecretStore.inMemory();
    private final List<SecureInputCompleted> completions = new CopyOnWriteArrayList<>();
    private final SecureInputRegistry registry =
            SecureInputRegistry.create(secrets, audit, Clock.systemUTC(), completions::add);
    private final HttpClient client = HttpClient.newHttpClient();
    private SecureInputHttpEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        endpoint = SecureInputHttpEndpoint.start(registry, 0);
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint.baseUri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String body(String value) {
        return "{\"value\": \"" + value + "\"}";
    }

    @Test
    void post_pendingRef_storesSecretAndAnswersStoredTrueOnly() throws Exception {
        String ref = registry.register("scope-1", "API key", Duration.ofMinutes(5)).refId();
        HttpResponse<String> response = post("/secrets/" + ref, body(CANARY));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"stored\":true}");
        try (SecretValue stored = secrets.get(SecureInputRegistry.secretRef(ref)).orElseThrow()) {
            assertThat(new String(stored.revealChars())).isEqualTo(CANARY);
        }
        assertThat(completions).containsExactly(new SecureInputCompleted(ref, true));
    }

    @Test
    void post_sameRefTwice_secondIs409AndFirstSecretKept() throws Exception {
        String ref = registry.register("scope-1", "API key", Duration.ofMinutes(5)).refId();
        assertThat(post("/secrets/" + ref, body(CANARY)).statusCode()).isEqualTo(201);
        HttpResponse<String> again = post("/secrets/" + ref, body("other"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).isEqualTo("{\"error\":\"secret_ref_consumed\"}");
        try (SecretValue stored = secrets.get(SecureInputRegistry.secretRef(ref)).orElseThrow()) {
            assertThat(new String(stored.revealChars())).isEqualTo(CANARY);
        }
    }

    @Test
    void post_escapedJsonString_storesDecodedValue() throws Exception {
        String ref = registry.register("scope-1", "API key", Duration.ofMinutes(5)).refId();
        assertThat(post("/secrets/" + ref, "{\"value\":\"a\\\"b\\u00e9c\"}").statusCode()).isEqualTo(201);
        try (SecretValue stored = secrets.get(SecureInputRegistry.secretRef(ref)).orElseThrow()) {
            assertThat(new String(stored.revealChars())).isEqualTo("a\"b\u00e9c");
        }
    }

    @Test
    void post_unknownRef_is404AndNothingStored() throws Exception {
        String ref = "f".repeat(64);
        HttpResponse<String> response = post("/secrets/" + ref, body(CANARY));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"secret_ref_unknown\"}");
        assertThat(response.body()).doesNotContain(CANARY);
        assertThat(secrets.contains(SecureInputRegistry.secretRef(ref))).isFalse();
    }

    @Test
    void get_or_badPath_orEmptyBody_rejected() throws Exception {
        String ref = registry.register("scope-1", "API key", Duration.ofMinutes(5)).refId();
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(endpoint.baseUri().resolve("/secrets/" + ref))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(post("/secrets/../etc", body(CANARY)).statusCode()).isEqualTo(404);
        assertThat(post("/secrets/" + ref, body("x".repeat(SecureInputHttpEndpoint.MAX_BODY_BYTES + 1)))
                .statusCode()).isEqualTo(400);
        assertThat(registry.isPending(ref)).isTrue();
    }

    @Test
    void post_malformedBodies_are400AndRefStaysPending() throws Exception {
        String ref = registry.register("scope-1", "API key", Duration.ofMinutes(5)).refId();
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
    void endpoint_boundToLoopback() {
        assertThat(endpoint.baseUri().getHost()).isEqualTo("127.0.0.1");
        assertThat(URI.create(endpoint.baseUri().toString()).getPort()).isPositive();
    }
}
