package io.silas.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.ChatModel;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleModelTest {
    private static final String COMPLETION = """
            {"id": "c1", "object": "chat.completion", "created": 1, "model": "llama3.1",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}""";

    @Test
    void environment_namesTheServerModelAndKey() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> seen = new CopyOnWriteArrayList<>();
        server.createContext("/v1/chat/completions", exchange -> {
            seen.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = COMPLETION.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            ChatModel model = OpenAiCompatibleModel.fromEnvironment(Map.of(
                    OpenAiCompatibleModel.BASE_URL, "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                    OpenAiCompatibleModel.MODEL, "llama3.1", OpenAiCompatibleModel.API_KEY, "local-key"));

            assertThat(model.chat("hello")).isEqualTo("hi");
            assertThat(seen).singleElement().satisfies(request -> assertThat(request)
                    .startsWith("Bearer local-key ").contains("\"llama3.1\""));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void missingModelName_isAConfigError() {
        assertThatThrownBy(() -> OpenAiCompatibleModel.fromEnvironment(Map.of()))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }
}
