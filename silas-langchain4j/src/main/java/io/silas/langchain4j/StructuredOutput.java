package io.silas.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * Reads a model's text answer into a Silas record with the strict shared mapper: the snake_case wire format exactly,
 * unknown or wrong-case keys rejected, every record's own validation applied. Anything that does not fit becomes
 * {@code LLM_OUTPUT_INVALID} whose message (the path and reason) is the validation error of Silas's one retry.
 * A Markdown code fence around the JSON (common when the schema is only prompted) is removed first. Immutable and
 * thread-safe; one per agent.
 */
final class StructuredOutput<T> {
    private final String agent;
    private final Class<T> type;
    /** The strict mapper's reader for {@code type}, resolved once instead of on every answer. */
    private final ObjectReader reader;

    StructuredOutput(String agent, Class<T> type) {
        this.agent = agent;
        this.type = type;
        this.reader = Json.strictMapper().readerFor(type);
    }

    /** The agent whose answers this reads. */
    String agent() {
        return agent;
    }

    T read(@Nullable String text) {
        if (text == null || text.isBlank()) {
            throw new SilasException(ErrorCode.LLM_OUTPUT_INVALID, agent + ": the answer was empty");
        }
        try {
            return reader.readValue(unfence(text.strip()));
        } catch (JsonProcessingException e) {
            SilasException invalid = Json.unwrap(e, type.getSimpleName());
            throw new SilasException(ErrorCode.LLM_OUTPUT_INVALID, agent + ": " + invalid.getMessage(), invalid);
        }
    }

    private static String unfence(String text) {
        if (!text.startsWith("```")) {
            return text;
        }
        int start = text.indexOf('\n');
        int end = text.lastIndexOf("```");
        return start < 0 || end <= start ? text : text.substring(start + 1, end).strip();
    }
}
