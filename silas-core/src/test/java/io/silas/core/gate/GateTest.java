package io.silas.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.vocabulary.GateAction;
import io.silas.core.work.WorkSamples;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateTest {
    @Test
    void builder_defaults_predicateStringMatchReportPolicy() {
        Gate gate = Gate.builder("g", GateTrigger.EVERY_USER_MESSAGE).build();
        assertThat(gate.provider()).isEqualTo("predicate");
        assertThat(gate.type()).isEqualTo(GateType.STRING_MATCH);
        assertThat(gate.onBlock()).isEqualTo("report");
        assertThat(gate.promoteToPolicy()).isFalse();
        assertThat(gate.lane()).isEqualTo(GateLane.POLICY);
    }

    @Test
    void lane_llmIsQualityUnlessPromoted() {
        Gate llm = Gate.builder("q", GateTrigger.EVERY_AGENT_RESPONSE).provider("llm").build();
        assertThat(llm.lane()).isEqualTo(GateLane.QUALITY);
        assertThat(llm.toBuilder().promoteToPolicy(true).build().lane()).isEqualTo(GateLane.POLICY);
        assertThat(Gate.builder("s", GateTrigger.ON_TOOL_CALL).provider("script").promoteToPolicy(true).build().lane())
                .isEqualTo(GateLane.POLICY);
    }

    @Test
    void read_yamlWithOnKey_parsesTrigger() throws Exception {
        String yaml = "name: toxicity_in\non: every_user_message\nprovider: guardrails_ai\ncheck: toxicity\n"
                + "config: { threshold: 0.7 }\non_block: escalate_human\n";
        Gate gate = Json.convert(Json.yamlMapper().readTree(yaml), Gate.class);
        assertThat(gate.trigger()).isEqualTo(GateTrigger.EVERY_USER_MESSAGE);
        assertThat(gate.provider()).isEqualTo("guardrails_ai");
        assertThat(gate.config().get("threshold").doubleValue()).isEqualTo(0.7);
        assertThat(Json.tree(gate).get("on").textValue()).isEqualTo("every_user_message");
    }

    @Test
    void config_isDefensivelyCopied() {
        ObjectNode nested = Json.mapper().createObjectNode().put("k", "v");
        Map<String, JsonNode> config = new HashMap<>();
        config.put("nested", nested);
        Gate gate = Gate.builder("g", GateTrigger.ON_TOOL_CALL).config(config).build();
        nested.put("k", "changed");
        ((ObjectNode) gate.config().get("nested")).put("k", "changed too");
        assertThat(gate.config().get("nested").get("k").textValue()).isEqualTo("v");
    }

    @Test
    void configValue_isOneCopiedSettingOrNull() {
        Map<String, JsonNode> config = new HashMap<>();
        config.put("nested", Json.mapper().createObjectNode().put("k", "v"));
        config.put("flag", Json.mapper().getNodeFactory().booleanNode(true));
        Gate gate = Gate.builder("g", GateTrigger.ON_TOOL_CALL).config(config).build();

        ((ObjectNode) gate.configValue("nested")).put("k", "changed");

        assertThat(gate.configValue("nested").get("k").textValue()).isEqualTo("v");
        assertThat(gate.configValue("flag").booleanValue()).isTrue();
        assertThat(gate.configValue("missing")).isNull();
        assertThatThrownBy(() -> gate.configValue(null)).isInstanceOfSatisfying(SilasException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void invalidGates_rejectedNamingField() {
        assertThatThrownBy(() -> Gate.builder("g", null).build()).hasMessageStartingWith("gates.on");
        assertThatThrownBy(() -> Gate.builder("g", GateTrigger.ON_TOOL_CALL).provider("Bad Name").build())
                .hasMessageStartingWith("gates.provider");
        assertThatThrownBy(() -> Gate.builder("g", GateTrigger.ON_TOOL_CALL).afterStep(1).build())
                .hasMessageStartingWith("gates.after_step");
        assertThatThrownBy(() -> new NumericRange(2, 1)).isInstanceOf(SilasException.class);
        assertThatThrownBy(() -> new BlockRange(List.of(1.0))).hasMessageStartingWith("block.outside");
        assertThatThrownBy(() -> new AccessLevel("d", List.of(), List.of(), 0))
                .hasMessageStartingWith("access_levels.expires_after");
    }

    @Test
    void ranges_containsAndBlocks() {
        assertThat(new NumericRange(0, 25).contains(25)).isTrue();
        assertThat(new NumericRange(0, 25).contains(25.01)).isFalse();
        assertThat(BlockRange.of(0, 100).blocks(-0.1)).isTrue();
        assertThat(BlockRange.of(0, 100).blocks(100)).isFalse();
    }

    @Test
    void result_factoriesCarryGateNameAndLane() {
        Gate gate = WorkSamples.positionSizeGate();
        assertThat(GateResult.pass(gate, "ok").action()).isEqualTo(GateAction.CONTINUE);
        assertThat(GateResult.block(gate, "no").action()).isEqualTo(GateAction.BLOCK);
        GateResult approval = GateResult.requireApproval(gate, "ask").withValue(42.0);
        assertThat(approval.action()).isEqualTo(GateAction.REQUIRE_APPROVAL);
        assertThat(approval.gateName()).isEqualTo("position_size");
        assertThat(approval.lane()).isEqualTo(GateLane.POLICY);
        assertThat(approval.value().doubleValue()).isEqualTo(42.0);
        assertThat(approval.flags()).isEmpty();
        assertThat(approval.modifiedContext()).isEmpty();
    }

    @Test
    void result_invalidScoreOrValue_rejected() {
        GateResult r = GateResult.of("g", GateLane.QUALITY, GateAction.CONTINUE, "ok");
        assertThatThrownBy(() -> r.withScore(1.5)).hasMessageStartingWith("score");
        assertThatThrownBy(() -> r.withScore(Double.NaN)).hasMessageStartingWith("score");
        assertThatThrownBy(() -> r.withValue(Json.mapper().createObjectNode())).hasMessageStartingWith("value");
        assertThat(r.withScore(0.0).score()).isZero();
    }

    @Test
    void result_modifiedContext_isDefensivelyCopied() {
        ObjectNode args = Json.mapper().createObjectNode().put("position_usd", 25.0);
        GateResult r = GateResult.pass(WorkSamples.positionSizeGate(), "clamped")
                .withModifiedContext(Map.of("tool_args", args, "response", TextNode.valueOf("x")));
        args.put("position_usd", 1000.0);
        ((ObjectNode) r.modifiedContext().get("tool_args")).put("position_usd", 999.0);
        assertThat(r.modifiedContext().get("tool_args").get("position_usd").doubleValue()).isEqualTo(25.0);
    }
}
