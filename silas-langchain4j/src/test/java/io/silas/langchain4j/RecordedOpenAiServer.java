package io.silas.langchain4j;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An OpenAI-compatible chat-completions endpoint on 127.0.0.1 (an ephemeral port) that replays recorded responses
 * from {@code src/test/resources/openai}, in order, and records each request body and Authorization header.
 */
final class RecordedOpenAiServer implements AutoCloseable {
    private record Reply(int status, String contentType, byte[] body) {
    }

    private final HttpServer server;
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<String> bodies = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    RecordedOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Queues a recorded JSON response with its HTTP status. */
    synchronized RecordedOpenAiServer reply(int status, String recording) {
        String type = recording.endsWith(".sse") ? "text/event-stream" : "application/json";
        replies.add(new Reply(status, type, recorded(recording)));
        return this;
    }

    synchronized List<String> bodies() {
        return List.copyOf(bodies);
    }

    synchronized List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private static byte[] recorded(String name) {
        try (InputStream in = RecordedOpenAiServer.class.getResourceAsStream("/openai/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        synchronized (this) {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            reply = replies.poll();
        }
        if (reply == null) {
            exchange.sendResponseHeaders(599, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
