package io.silas.execution.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.config.SilasConfig;
import io.silas.core.execution.ExecutionEnvelope;
import io.silas.core.json.Json;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SecretValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;

/** Shared test data: a canary key, canned provider answers, envelopes. */
final class SearchFixture {
    static final String KEY = "BSA-CANARY-7f3e9a1c0d-do-not-leak";
    static final String KEY_REF = "search/api-key";

    private SearchFixture() {
    }

    static SecretStore storeWithKey() {
        SecretStore store = SecretStore.inMemory();
        try (SecretValue key = SecretValue.copyOf(KEY.toCharArray())) {
            store.put(KEY_REF, key);
        }
        return store;
    }

    static SilasConfig.Search search(String provider) {
        return search(provider, 8, List.of());
    }

    static SilasConfig.Search search(String provider, int timeoutSeconds, List<String> allowedDomains) {
        return new SilasConfig.Search(provider, KEY_REF, timeoutSeconds, 5, 300, allowedDomains);
    }

    static ExecutionEnvelope envelope(String argsJson) {
        return ExecutionEnvelope.of("exec-1", WebSearchExecutor.ACTION, Json.read(argsJson, JsonNode.class));
    }

    static ExecutionEnvelope query(String query) {
        return envelope(Json.write(java.util.Map.of("query", query)));
    }

    /** The answer of {@code provider} carrying the given (title, url, snippet) results. */
    static String answer(String provider, String[]... results) {
        StringBuilder items = new StringBuilder();
        String snippetField = provider.equals("brave") ? "description" : "content";
        for (String[] r : results) {
            if (items.length() > 0) {
                items.append(',');
            }
            items.append(Json.write(java.util.Map.of("title", r[0], "url", r[1], snippetField, r[2])));
        }
        return provider.equals("brave")
                ? "{\"type\":\"search\",\"web\":{\"type\":\"search\",\"results\":[" + items + "]}}"
                : "{\"query\":\"q\",\"results\":[" + items + "]}";
    }

    static String[] hit(String title, String url, String snippet) {
        return new String[] {title, url, snippet};
    }

    /** A loopback port with nothing listening. */
    static URI closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
