package io.silas.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvInterpolationTest {
    private static final String SECRET = "sk-live-9f8e7d6c5b4a";

    private final Map<String, String> env = new HashMap<>(Map.of(
            "OWNER", "carol", "PORT", "9100", "EMPTY", "", "SECRET_VALUE", SECRET, "REF", "${OWNER}"));

    private SilasConfig parse(String yaml) {
        return SilasConfig.parse(yaml, env::get);
    }

    private SilasException invalid(String yaml) {
        SilasException e = catchThrowableOfType(SilasException.class, () -> parse(yaml));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        return e;
    }

    @Test
    void interpolate_setVariable_replaced() {
        SilasConfig c = parse("owner_id: ${OWNER}\nchannels: { web: { port: \"${PORT}\" } }\n");
        assertThat(c.ownerId()).isEqualTo("carol");
        assertThat(c.channels().web().port()).isEqualTo(9100);
    }

    @Test
    void interpolate_insideLongerValue_replacedInPlace() {
        assertThat(parse("owner_id: \"user-${OWNER}-1\"\n").ownerId()).isEqualTo("user-carol-1");
        assertThat(parse("owner_id: \"${OWNER}${OWNER}\"\n").ownerId()).isEqualTo("carolcarol");
    }

    @Test
    void interpolate_unsetWithDefault_usesDefault() {
        assertThat(parse("owner_id: ${NOPE:-dave}\n").ownerId()).isEqualTo("dave");
        assertThat(parse("rehydration: { max_chronicle_entries: \"${NOPE:-12}\" }\n")
                .rehydration().maxChronicleEntries()).isEqualTo(12);
    }

    @Test
    void interpolate_emptyWithDefault_usesDefault() {
        assertThat(parse("owner_id: ${EMPTY:-erin}\n").ownerId()).isEqualTo("erin");
    }

    @Test
    void interpolate_setWithDefault_usesVariable() {
        assertThat(parse("owner_id: ${OWNER:-dave}\n").ownerId()).isEqualTo("carol");
    }

    @Test
    void interpolate_nestedDefault_resolvesInner() {
        assertThat(parse("owner_id: ${NOPE:-${OWNER}}\n").ownerId()).isEqualTo("carol");
        assertThat(parse("owner_id: ${NOPE:-${ALSO_NOPE:-frank}}\n").ownerId()).isEqualTo("frank");
        assertThat(parse("owner_id: \"${NOPE:-x-${OWNER}-y}\"\n").ownerId()).isEqualTo("x-carol-y");
    }

    @Test
    void interpolate_nestedDefaultUnset_reportsInnerVariable() {
        SilasException e = invalid("owner_id: ${NOPE:-${ALSO_NOPE}}\n");
        assertThat(e).hasMessageContaining("owner_id: environment variable ALSO_NOPE is not set");
    }

    @Test
    void interpolate_dollarNotAReference_keptVerbatim() {
        assertThat(parse("owner_id: \"pa$$word$\"\n").ownerId()).isEqualTo("pa$$word$");
        assertThat(parse("owner_id: \"$OWNER and $ {x}\"\n").ownerId()).isEqualTo("$OWNER and $ {x}");
        assertThat(parse("owner_id: \"cost: 5$\"\n").ownerId()).isEqualTo("cost: 5$");
    }

    @Test
    void interpolate_escapedReference_literal() {
        assertThat(parse("owner_id: \"$${OWNER}\"\n").ownerId()).isEqualTo("${OWNER}");
    }

    @Test
    void interpolate_environmentValueNotReinterpolated() {
        assertThat(parse("owner_id: ${REF}\n").ownerId()).isEqualTo("${OWNER}");
    }

    @Test
    void interpolate_keysNotInterpolated() {
        assertThat(invalid("\"${OWNER}\": 1\n")).hasMessageContaining("${OWNER}: unknown key");
    }

    @Test
    void interpolate_insideListsAndFreeFormGates() {
        SilasConfig c = parse("""
                search: { allowed_domains: ["${NOPE:-example.com}"] }
                gates: { system: [ { name: "${OWNER}-guard", config: { limit: "${PORT}" } } ] }
                """);
        assertThat(c.search().allowedDomains()).containsExactly("example.com");
        assertThat(c.gates().system().get(0)).containsEntry("name", "carol-guard")
                .containsEntry("config", Map.of("limit", "9100"));
    }

    @Test
    void interpolate_unsetWithoutDefault_namesVariableAndPath() {
        SilasException e = invalid("""
                silas:
                  search:
                    provider: tavily
                    api_key_ref: ${SEARCH_KEY_REF}
                  gates: { system: [ { name: "${GATE_NAME}" } ] }
                """);
        assertThat(e.getMessage())
                .contains("silas.search.api_key_ref: environment variable SEARCH_KEY_REF is not set")
                .contains("silas.gates.system[0].name: environment variable GATE_NAME is not set");
    }

    @Test
    void interpolate_malformedReference_reported() {
        assertThat(invalid("owner_id: \"${OWNER\"\n")).hasMessageContaining("owner_id: malformed ${...} reference");
        assertThat(invalid("owner_id: \"${}\"\n")).hasMessageContaining("owner_id: malformed ${...} reference");
        assertThat(invalid("owner_id: \"${1BAD}\"\n")).hasMessageContaining("owner_id: malformed ${...} reference");
        assertThat(invalid("owner_id: \"${A:x}\"\n")).hasMessageContaining("owner_id: malformed ${...} reference");
    }

    @Test
    void errors_neverContainEnvironmentValues() {
        SilasException typeError = invalid("rehydration: { max_chronicle_entries: \"${SECRET_VALUE}\" }\n");
        assertThat(typeError).hasMessageContaining("rehydration.max_chronicle_entries: expected an integer");
        SilasException enumError = invalid("sandbox: { backend: \"${SECRET_VALUE}\" }\n");
        SilasException ruleError = invalid("scheduler: { timezone: \"${SECRET_VALUE}\" }\n");
        SilasException domainError = invalid("search: { allowed_domains: [\"${SECRET_VALUE}/x\"] }\n");
        SilasException mixed = invalid("owner_id: \"${SECRET_VALUE}\"\nsearch: { provider: \"${SECRET_VALUE}\" }\n"
                + "x: ${NOPE}\n");
        for (SilasException e : new SilasException[] {typeError, enumError, ruleError, domainError, mixed}) {
            assertThat(e.getMessage()).doesNotContain(SECRET);
            assertThat(e.toString()).doesNotContain(SECRET);
            for (Throwable s : e.getSuppressed()) {
                assertThat(s.getMessage()).doesNotContain(SECRET);
            }
        }
    }
}
