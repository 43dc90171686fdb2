package io.silas.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.InputGuardrailException;
import dev.langchain4j.guardrail.OutputGuardrailException;
import dev.langchain4j.service.AiServices;
import io.silas.core.audit.AuditLog;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateAuditEvents;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateRunner;
import io.silas.core.gate.GateTrigger;
import io.silas.gates.Gates;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An AiServices app adopting Silas gates through the guardrail adapter: blocks and redactions, audited. */
class SilasGuardrailsTest {
    interface Assistant {
        String chat(String message);
    }

    private final AuditLog audit = AuditLog.inMemory(Clock.systemUTC());
    /** Blocks messages that ask to wire money; redacts private-key headers from replies. */
    private final GateRunner runner = Gates.runner().audit(audit)
            .provider(Gates.callable("no_wire", (gate, ctx) -> ctx.message() != null
                    && ctx.message().toLowerCase(java.util.Locale.ROOT).contains("wire money")
                    ? GateResult.block(gate, "Payments are not allowed here.") : GateResult.pass(gate, "ok")))
            .provider(Gates.callable("redact", (gate, ctx) -> redact(gate, ctx)))
            .build();
    private final List<Gate> gates = List.of(
            Gate.builder("no_wire", GateTrigger.EVERY_USER_MESSAGE).provider("no_wire").build(),
            Gate.builder("redact_keys", GateTrigger.EVERY_AGENT_RESPONSE).provider("redact").build(),
            Gate.builder("redact_input_keys", GateTrigger.EVERY_USER_MESSAGE).provider("redact").build());

    private static GateResult redact(Gate gate, GateContext ctx) {
        String key = gate.trigger() == GateTrigger.EVERY_AGENT_RESPONSE ? GateContext.RESPONSE : GateContext.MESSAGE;
        String text = key.equals(GateContext.RESPONSE) ? ctx.response() : ctx.message();
        if (text == null || !text.contains("BEGIN PRIVATE KEY")) {
            return GateResult.pass(gate, "clean");
        }
        return GateResult.pass(gate, "redacted").withModifiedContext(Map.of(key,
                TextNode.valueOf(text.replaceAll("-----BEGIN PRIVATE KEY-----\\S*", "[redacted]"))));
    }

    private Assistant app(ScriptedChatModel model) {
        return AiServices.builder(Assistant.class).chatModel(model)
                .inputGuardrails(SilasGuardrails.input(runner, gates))
                .outputGuardrails(SilasGuardrails.output(runner, gates))
                .build();
    }

    @Test
    void blockedInput_neverReachesTheModel_andIsAudited() {
        ScriptedChatModel model = ScriptedChatModel.textOnly().answer("sent!");

        assertThatThrownBy(() -> app(model).chat("Please wire money to Bob"))
                .isInstanceOf(InputGuardrailException.class).hasMessageContaining("Payments are not allowed here.");

        assertThat(model.requests()).isEmpty();
        assertThat(audit.findByEvent(GateAuditEvents.GATE_BLOCKED)).isNotEmpty();
    }

    @Test
    void outputRedaction_replacesTheReply() {
        ScriptedChatModel model = ScriptedChatModel.textOnly().answer("here: -----BEGIN PRIVATE KEY-----MC4CAQ");

        assertThat(app(model).chat("show me the key")).isEqualTo("here: [redacted]");
    }

    @Test
    void inputRedaction_isWhatTheModelSees() {
        ScriptedChatModel model = ScriptedChatModel.textOnly().answer("thanks");

        app(model).chat("my key -----BEGIN PRIVATE KEY-----MC4CAQ");

        UserMessage seen = (UserMessage) model.requests().get(0).messages().get(0);
        assertThat(seen.singleText()).isEqualTo("my key [redacted]");
    }

    @Test
    void outputBlock_isFatal() {
        GateRunner blocking = Gates.runner().audit(audit).provider(Gates.callable("deny",
                (gate, ctx) -> GateResult.block(gate, "No replies today."))).build();
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(ScriptedChatModel.textOnly().answer("hello"))
                .outputGuardrails(SilasGuardrails.output(blocking,
                        List.of(Gate.builder("deny", GateTrigger.EVERY_AGENT_RESPONSE).provider("deny").build())))
                .build();

        assertThatThrownBy(() -> assistant.chat("hi")).isInstanceOf(OutputGuardrailException.class)
                .hasMessageContaining("No replies today.");
    }
}
