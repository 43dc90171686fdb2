package io.silas.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.gate.Gate;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateTrigger;
import io.silas.core.vocabulary.GateAction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CustomGateProviderExampleTest {
    @Test
    void run_codeAndServiceLoaderProvidersBothEvaluated() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CustomGateProviderExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("order_limit -> CONTINUE (Order within limits)");
        assertThat(out).contains("\"backorder\":true");
        assertThat(out).contains("BLOCKED by order_limit");
        assertThat(out).contains("opening_hours -> ").doesNotContain("No provider: business_hours");
        assertThat(out).contains("chain ok: true");
    }

    @Test
    void businessHours_outsideHours_requiresApproval() {
        Clock night = Clock.fixed(Instant.parse("2026-03-02T23:30:00Z"), ZoneOffset.UTC);
        Gate gate = Gate.builder("hours", GateTrigger.ON_TOOL_CALL).provider(BusinessHoursGateProvider.NAME).build();
        assertThat(new BusinessHoursGateProvider(night).check(gate, GateContext.empty()).action())
                .isEqualTo(GateAction.REQUIRE_APPROVAL);
        Clock noon = Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC);
        assertThat(new BusinessHoursGateProvider(noon).check(gate, GateContext.empty()).action())
                .isEqualTo(GateAction.CONTINUE);
    }
}
