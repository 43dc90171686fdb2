package io.silas.langchain4j;

import dev.langchain4j.model.chat.request.ResponseFormat;
import org.jspecify.annotations.Nullable;

/**
 * The output schema of one agent, prepared once when the agent is built: the native response format when the model
 * declares one, otherwise the text the system prompt carries. Immutable.
 *
 * @param format the response format to send, or null when the schema is prompted
 * @param prompt the schema instruction for the system prompt, or null when the format carries it
 */
record OutputSchema(@Nullable ResponseFormat format, @Nullable String prompt) {
}
