package io.silas.core.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ExecutionResult;
import io.silas.core.json.Json;
import io.silas.core.vocabulary.TaintLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ToolsetChainTest {
    private final List<ToolRequest> executed = new ArrayList<>();
    private final ToolDefinition echo = ToolDefinition.of("echo", "Echoes.",
            List.of(ToolArg.required("text", ToolArgType.STRING, "what to echo"),
                    ToolArg.optional("times", ToolArgType.INTEGER, "repeat")));
    private final ToolDefinition remove = ToolDefinition.of("remove", "Removes.", List.of());

    private Toolset base(ToolDefinition... defs) {
        List<ToolDefinition> list = List.of(defs);
        return new Toolset() {
            @Override
            public List<ToolDefinition> definitions() {
                return list;
            }

            @Override
            public ToolExecution execute(ToolRequest request) {
                executed.add(request);
                return new ToolExecution.Executed(new ExecutionResult("e" + executed.size(), request.sequence(), true,
                        "ok", List.of(), Map.of(), Map.of(), TaintLevel.EXTERNAL, null, 0, 0, 0));
            }
        };
    }

    private static ToolRequest request(String tool, List<String> reasons) {
        ObjectNode args = Json.mapper().createObjectNode().put("text", "hi");
        return new ToolRequest(new ToolCall(tool, args), 0, "t1", reasons, Map.of());
    }

    @Test
    void validate_checksRequiredTypesAndUnknownArgs() {
        assertThat(echo.validate(Json.mapper().createObjectNode().put("text", "a"))).isEmpty();
        assertThat(echo.validate(Json.mapper().createObjectNode())).get().asString().contains("'text'")
                .contains("required");
        assertThat(echo.validate(Json.mapper().createObjectNode().put("text", 1))).get().asString()
                .contains("type string");
        assertThat(echo.validate(Json.mapper().createObjectNode().put("text", "a").put("shell", true))).get()
                .asString().contains("'shell' is not accepted");
        assertThat(echo.validate(Json.mapper().createArrayNode())).isPresent();
    }

    @Test
    void prepared_droppedToolIsNotExposedAndNotExecuted() {
        Toolset chain = base(echo, remove).prepared(defs -> defs.stream().filter(d -> !d.name().equals("remove"))
                .map(d -> d.withDescription("Say it back.")).toList());

        assertThat(chain.definitions()).extracting(ToolDefinition::description).containsExactly("Say it back.");
        ToolExecution result = chain.execute(request("remove", List.of()));
        assertThat(result).isEqualTo(new ToolExecution.Refused(ToolCallStatus.NOT_FOUND, "tool 'remove' is not available"));
        assertThat(executed).isEmpty();
    }

    @Test
    void prepared_cannotAddToolsTheBaseLacks() {
        Toolset chain = base(echo).prepared(defs -> List.of(echo, remove));

        assertThat(chain.definitions()).extracting(ToolDefinition::name).containsExactly("echo");
    }

    @Test
    void filtered_disallowedToolRefusedEvenIfCalledDirectly() {
        Toolset chain = base(echo, remove).filtered(name -> name.equals("echo"));

        assertThat(chain.definitions()).extracting(ToolDefinition::name).containsExactly("echo");
        assertThat(chain.execute(request("remove", List.of()))).isInstanceOfSatisfying(ToolExecution.Refused.class,
                r -> assertThat(r.status()).isEqualTo(ToolCallStatus.FILTERED));
        assertThat(executed).isEmpty();
    }

    @Test
    void approvalRequired_gateReasonPausesAndDeclineRefuses() {
        List<String> asked = new ArrayList<>();
        Toolset chain = base(echo).approvalRequired(Toolsets::noExtraApproval, (req, reason) -> {
            asked.add(reason);
            return false;
        });

        assertThat(chain.execute(request("echo", List.of()))).isInstanceOf(ToolExecution.Executed.class);
        ToolExecution paused = chain.execute(request("echo", List.of("gate g: confirm")));

        assertThat(paused).isInstanceOfSatisfying(ToolExecution.Refused.class,
                r -> assertThat(r.status()).isEqualTo(ToolCallStatus.APPROVAL_DECLINED));
        assertThat(asked).containsExactly("gate g: confirm");
        assertThat(executed).hasSize(1);
    }

    @Test
    void approvalRequired_hostRuleAndApprovalGranted_runs() {
        Toolset chain = base(echo).approvalRequired(r -> Optional.of("echo is sensitive"), (req, reason) -> true);

        assertThat(chain.execute(request("echo", List.of()))).isInstanceOf(ToolExecution.Executed.class);
    }

    @Test
    void approvalRequired_approvalThrows_failsClosed() {
        Toolset chain = base(echo).approvalRequired(r -> Optional.of("ask"), (req, reason) -> {
            throw new IllegalStateException("channel down");
        });

        assertThat(chain.execute(request("echo", List.of()))).isInstanceOf(ToolExecution.Refused.class);
        assertThat(executed).isEmpty();
    }

    @Test
    void combined_duplicateNames_rejected() {
        Toolset chain = Toolsets.combined(List.of(base(echo), base(echo)));

        assertThatThrownBy(chain::definitions).isInstanceOf(SilasException.class).hasMessageContaining("twice");
    }

    @Test
    void ledger_artifactsOnlyFromSuccessfulCallsInOrder() {
        ToolLedger ledger = new ToolLedger();
        ledger.record(new ToolLedgerEntry(0, "echo", null, ToolCallStatus.OK, result(true, Map.of("a", "1", "b", "1")),
                null));
        ledger.record(new ToolLedgerEntry(1, "echo", null, ToolCallStatus.ERROR, result(false, Map.of("c", "x")),
                "failed"));
        ledger.record(new ToolLedgerEntry(2, "echo", null, ToolCallStatus.BLOCKED, null, "blocked"));
        ledger.record(new ToolLedgerEntry(3, "echo", null, ToolCallStatus.OK, result(true, Map.of("a", "2")), null));

        assertThat(ledger.artifacts()).containsExactly(Map.entry("a", "2"), Map.entry("b", "1"));
        assertThatThrownBy(() -> ledger.record(new ToolLedgerEntry(9, "echo", null, ToolCallStatus.BLOCKED, null, "x")))
                .isInstanceOf(SilasException.class);
        assertThatThrownBy(() -> new ToolLedgerEntry(0, "echo", null, ToolCallStatus.OK, result(false, Map.of()), null))
                .isInstanceOf(SilasException.class);
    }

    private static ExecutionResult result(boolean success, Map<String, String> artifacts) {
        return new ExecutionResult("e", 0, success, "", List.of(), Map.of(), artifacts, TaintLevel.EXTERNAL,
                success ? null : "failed", 0, 0, 0);
    }
}
