package io.silas.langchain4j;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * Reads a model's text answer into a Silas record with the strict shared mapper: the snake_case wire format exactly,
 * unknown or wrong-case keys rejected, every record's own validation applied. Anything that does not fit becomes
 * {@code LLM_OUTPUT_INVALID} whose message (the path and reason) is the validation error of Silas's one retry.
 * A Markdown code fence around the JSON (common when the schema is only prompted) is removed first. Stateless.
 */
final class StructuredOutput {
    private StructuredOutput() {
    }

    static <T> T read(String agent, @Nullable String text, Class<T> type) {
        if (text == null || text.isBlank()) {
            throw new SilasException(ErrorCode.LLM_OUTPUT_INVALID, agent + ": the answer was empty");
        }
        try {
            return Json.read(Json.strictMapper(), unfence(text.strip()), type);
        } catch (SilasException e) {
            throw new SilasException(ErrorCode.LLM_OUTPUT_INVALID, agent + ": " + e.getMessage(), e);
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
