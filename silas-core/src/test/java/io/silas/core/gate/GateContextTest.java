package io.silas.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import org.junit.jupiter.api.Test;

class GateContextTest {
    private static ObjectNode obj(String k, int v) {
        return JsonNodeFactory.instance.objectNode().put(k, v);
    }

    @Test
    void mergeToolArgs_shallowMerge_patchKeysWin() {
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("a", 1).put("b", 2);
        args.putObject("nested").put("x", 1);
        GateContext ctx = GateContext.forToolCall("t", args);
        ObjectNode patch = obj("b", 20);
        patch.putObject("nested").put("y", 2);
        GateContext merged = ctx.mergeToolArgs(patch);
        assertThat(merged.toolArgs().get("a").intValue()).isEqualTo(1);
        assertThat(merged.toolArgs().get("b").intValue()).isEqualTo(20);
        assertThat(merged.toolArgs().get("nested").has("x")).isFalse();
        assertThat(ctx.toolArgs().get("b").intValue()).isEqualTo(2);
    }

    @Test
    void toolArgs_mutatingCopies_doesNotChangeContext() {
        ObjectNode args = obj("a", 1);
        GateContext ctx = GateContext.forToolCall("t", args);
        args.put("a", 99);
        ctx.toolArgs().put("a", 42);
        assertThat(ctx.value("tool_args.a")).contains(IntNode.valueOf(1));
    }

    @Test
    void apply_allowlistedKeys_applied() {
        GateContext ctx = GateContext.forMessage("u1", "hi");
        assertThat(ctx.apply("message", TextNode.valueOf("hello")).message()).isEqualTo("hello");
        assertThat(ctx.apply("response", TextNode.valueOf("r")).response()).isEqualTo("r");
        assertThat(ctx.apply("tool_args", obj("x", 1)).toolArgs().get("x").intValue()).isEqualTo(1);
        assertThat(ctx.senderId()).isEqualTo("u1");
    }

    @Test
    void apply_disallowedKeyOrWrongType_rejected() {
        GateContext ctx = GateContext.empty();
        assertThatThrownBy(() -> ctx.apply("sender_id", TextNode.valueOf("admin")))
                .isInstanceOf(SilasException.class)
                .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> ctx.apply("response", IntNode.valueOf(1))).isInstanceOf(SilasException.class);
        assertThatThrownBy(() -> ctx.apply("tool_args", TextNode.valueOf("x"))).isInstanceOf(SilasException.class);
        assertThat(GateContext.checkMutation("approval_token", TextNode.valueOf("x"))).isPresent();
        assertThat(GateContext.checkMutation("message", null)).isPresent();
    }

    @Test
    void values_keyShadowingFixedField_rejected() {
        assertThatThrownBy(() -> GateContext.builder().value("message", "x").build())
                .isInstanceOf(SilasException.class).hasMessageContaining("shadows");
        assertThatThrownBy(() -> GateContext.builder().value("Bad-Key", "x").build())
                .isInstanceOf(SilasException.class);
    }

    @Test
    void value_resolvesFixedToolArgAndHostValues() {
        GateContext ctx = GateContext.builder().message("m").senderId("s").toolName("t").toolArgs(obj("amount", 5))
                .stepOutput("out").stepIndex(2).value("customer_tier", "gold").build();
        assertThat(ctx.value("message")).contains(TextNode.valueOf("m"));
        assertThat(ctx.value("tool_args.amount")).contains(IntNode.valueOf(5));
        assertThat(ctx.value("tool_args.missing")).isEmpty();
        assertThat(ctx.value("step_index")).contains(IntNode.valueOf(2));
        assertThat(ctx.value("customer_tier")).contains(TextNode.valueOf("gold"));
        assertThat(ctx.value("response")).isEmpty();
        assertThat(ctx.namedValues().keySet()).containsExactly("message", "sender_id", "tool_name", "tool_args",
                "step_output", "step_index", "customer_tier");
        assertThat(ctx.toJson().get("customer_tier").textValue()).isEqualTo("gold");
    }
}
