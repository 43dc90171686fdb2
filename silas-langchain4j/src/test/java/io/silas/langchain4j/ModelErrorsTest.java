package io.silas.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.service.output.OutputParsingException;
import io.silas.core.error.ErrorCode;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

class ModelErrorsTest {
    private static ErrorCode code(RuntimeException e) {
        return ModelErrors.map("proxy", e).code();
    }

    @Test
    void transientFailures_areLlmUnavailable() {
        assertThat(code(new InternalServerException("boom"))).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(code(new TimeoutException("slow"))).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(code(new HttpException(429, "busy"))).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(code(new HttpException(503, "down"))).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(code(new RuntimeException(new HttpTimeoutException("t")))).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(code(new UncheckedIOException(new java.io.IOException("reset")))).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
    }

    @Test
    void unparsableOutput_isLlmOutputInvalid() {
        assertThat(code(new OutputParsingException("bad", null))).isEqualTo(ErrorCode.LLM_OUTPUT_INVALID);
    }

    @Test
    void rejectedRequests_areConfigInvalid_notRetried() {
        assertThat(code(new AuthenticationException("no"))).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(code(new HttpException(400, "bad"))).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(ErrorCode.CONFIG_INVALID.retryable()).isFalse();
    }

    @Test
    void messages_neverCarryTheProviderBody() {
        assertThat(ModelErrors.map("proxy", new HttpException(401, "key sk-secret is invalid")).getMessage())
                .doesNotContain("sk-secret");
    }
}
