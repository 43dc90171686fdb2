package io.silas.langchain4j;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.service.output.OutputParsingException;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;

/**
 * Maps what a LangChain4j model call throws onto the Silas error taxonomy, so the Stream's agent calls apply their
 * rules: {@code LLM_UNAVAILABLE} (retryable: the Stream retries with backoff and charges every retry to the
 * scope's LLM rate limit) for rate limits, server errors, timeouts and transport failures; {@code LLM_OUTPUT_INVALID}
 * (answered by the one validation retry, then the fallback) for output that cannot be parsed; {@code CONFIG_INVALID}
 * (not retried) for requests the provider rejects as such — a bad key, an unknown model, an invalid request.
 *
 * <p>Messages name the failure class and HTTP status only: never the provider's response body (which may echo the
 * request) and never the API key. Stateless.
 */
final class ModelErrors {
    private ModelErrors() {
    }

    /** The Silas exception for a failed model call; a {@link SilasException} passes through unchanged. */
    static SilasException map(String agent, RuntimeException failure) {
        if (failure instanceof SilasException silas) {
            return silas;
        }
        if (failure instanceof OutputParsingException) {
            return new SilasException(ErrorCode.LLM_OUTPUT_INVALID, agent + ": the model's output could not be parsed",
                    failure);
        }
        if (failure instanceof RetriableException || transport(failure)) {
            return unavailable(agent, failure.getClass().getSimpleName(), failure);
        }
        if (failure instanceof HttpException http) {
            int status = http.statusCode();
            if (status == 408 || status == 429 || status >= 500) {
                return unavailable(agent, "HTTP " + status, failure);
            }
            return new SilasException(ErrorCode.CONFIG_INVALID, agent + ": the model rejected the request (HTTP "
                    + status + ")", failure);
        }
        if (failure instanceof NonRetriableException) {
            return new SilasException(ErrorCode.CONFIG_INVALID, agent + ": the model rejected the request ("
                    + failure.getClass().getSimpleName() + ")", failure);
        }
        return unavailable(agent, failure.getClass().getSimpleName(), failure);
    }

    private static SilasException unavailable(String agent, String what, RuntimeException failure) {
        return new SilasException(ErrorCode.LLM_UNAVAILABLE, agent + ": model unavailable (" + what + ")", failure);
    }

    private static boolean transport(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof UncheckedIOException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
