package io.silas.examples;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.time.Duration;
import java.util.Map;

/**
 * The demo's {@code --model openai-compatible}: a LangChain4j {@link OpenAiChatModel} configured from the
 * environment, for OpenAI or any server with the same API (a local Ollama at {@code http://localhost:11434/v1}, vLLM).
 *
 * <ul>
 *   <li>{@value #BASE_URL} — the API base URL (default {@value #DEFAULT_BASE_URL});</li>
 *   <li>{@value #MODEL} — the model name (required);</li>
 *   <li>{@value #API_KEY} — the API key (optional: local servers take any).</li>
 * </ul>
 *
 * <p>The model's own retries are off: Silas retries {@code LLM_UNAVAILABLE} and charges each retry to the scope's
 * LLM rate limit. The key is read from the environment straight into the client; it is never logged, printed or
 * kept in a field here.
 */
public final class OpenAiCompatibleModel {
    public static final String BASE_URL = "SILAS_MODEL_BASE_URL";
    public static final String MODEL = "SILAS_MODEL_NAME";
    public static final String API_KEY = "SILAS_MODEL_API_KEY";
    public static final String DEFAULT_BASE_URL = "http://localhost:11434/v1";

    private OpenAiCompatibleModel() {
    }

    /**
     * The model the environment describes.
     *
     * @throws SilasException {@code CONFIG_INVALID} when {@value #MODEL} is missing
     */
    public static ChatModel fromEnvironment(Map<String, String> env) {
        String name = env.get(MODEL);
        if (name == null || name.isBlank()) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, MODEL + " must name the model (for example llama3.1)");
        }
        return OpenAiChatModel.builder()
                .baseUrl(env.getOrDefault(BASE_URL, DEFAULT_BASE_URL))
                .apiKey(env.getOrDefault(API_KEY, "none"))
                .modelName(name)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(60))
                .build();
    }
}
