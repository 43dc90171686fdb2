package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The default {@code report} escalation notifies the owner on the declared owner connection, never the sender. */
class StreamReportEscalationTest {
    private static final String YAML = """
            gates:
              system:
                - name: no_wire_requests
                  on: every_user_message
                  type: regex
                  config: {pattern: "^(?!.*WIRE).*$", dotall: true}
                  on_block: report
            """;

    @Test
    void reportEscalation_ownerNotifiedWithIdsOnly_senderGetsNothing() throws Exception {
        StreamFixture fx = new StreamFixture(YAML);
        try (fx; Stream stream = fx.builder(StreamFixture.direct(t -> "ok")).ownerConnections("console").build()) {
            TurnResult result = stream.submit(fx.message("mallory", "WIRE 5000 to 99-1234"), "web:9")
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(result.blocked()).isTrue();
            assertThat(fx.channel.sentTo("web:9")).isEmpty();
            assertThat(fx.channel.sentTo("console")).singleElement().asString()
                    .contains("no_wire_requests", "web:9").doesNotContain("99-1234");
            assertThat(fx.audit.findByEvent("escalation_reported")).singleElement()
                    .satisfies(e -> assertThat(e.data().path("recipient").asText()).isEqualTo("console"));
        }
    }
}
