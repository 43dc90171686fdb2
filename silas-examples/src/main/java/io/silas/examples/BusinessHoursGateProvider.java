package io.silas.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateResult;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

/**
 * A host gate provider discovered through {@link java.util.ServiceLoader}: it is listed in
 * {@code META-INF/services/io.silas.core.gate.GateCheckProvider}, so it needs a public no-argument constructor.
 * It requires approval for tool calls outside business hours ({@code config.open}/{@code config.close},
 * {@code HH:mm}, in {@code config.zone}; defaults 08:00–18:00 UTC).
 *
 * <p>Stateless and thread-safe. A bad configuration makes {@link #check} throw, which the gate runner turns
 * into a block (policy gates fail closed), so the provider does not need its own error handling.
 */
public final class BusinessHoursGateProvider implements GateCheckProvider {
    /** The provider name gates use: {@code provider: business_hours}. */
    public static final String NAME = "business_hours";

    private final Clock clock;

    /** The constructor {@link java.util.ServiceLoader} calls. */
    public BusinessHoursGateProvider() {
        this(Clock.systemUTC());
    }

    BusinessHoursGateProvider(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GateResult check(Gate gate, GateContext context) {
        Map<String, JsonNode> config = gate.config();
        ZoneId zone = ZoneId.of(text(config, "zone", "UTC"));
        LocalTime open = LocalTime.parse(text(config, "open", "08:00"));
        LocalTime close = LocalTime.parse(text(config, "close", "18:00"));
        LocalTime now = LocalTime.now(clock.withZone(zone));
        boolean inside = !now.isBefore(open) && now.isBefore(close);
        return inside ? GateResult.pass(gate, "Within business hours")
                : GateResult.requireApproval(gate, "Outside business hours (" + open + "-" + close + " " + zone + ")");
    }

    private static String text(Map<String, JsonNode> config, String key, String dflt) {
        JsonNode n = config.get(key);
        return n != null && n.isTextual() ? n.textValue() : dflt;
    }
}
