package io.silas.core.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.gate.BlockRange;
import io.silas.core.gate.Expectation;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateLane;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.GateType;
import io.silas.core.gate.NumericRange;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.vocabulary.WorkItemType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanParserTest {
    private static String plan(String name) throws IOException {
        try (InputStream in = PlanParserTest.class.getResourceAsStream("plans/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertRejected(String markdown, String messageStart) {
        assertThatThrownBy(() -> PlanParser.parse(markdown)).isInstanceOfSatisfying(SilasException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).startsWith(messageStart);
        });
    }

    private static String minimal(String extraYaml) {
        return "---\nid: t1\ntype: task\ntitle: T\n" + extraYaml + "---\nDo it.\n";
    }

    @Test
    void parse_13_1_fixBug() throws IOException {
        WorkItem item = PlanParser.parse(plan("13-1-fix-bug.md"));
        assertThat(item.id()).isEqualTo("task-fix-tz-bug");
        assertThat(item.type()).isEqualTo(WorkItemType.TASK);
        assertThat(item.agent()).isEqualTo(AgentLane.EPHEMERAL);
        assertThat(item.interactionMode()).isEqualTo(InteractionMode.ACT_AND_REPORT);
        assertThat(item.budget()).isEqualTo(new Budget(200_000, 2.0, 1800, 5, 3));
        assertThat(item.verify()).containsExactly(
                VerificationCheck.of("tests_pass", "pytest tests/test_shifts.py -v", Expectation.exitCodeIs(0)),
                VerificationCheck.of("lint_clean", "ruff check .", Expectation.exitCodeIs(0)));
        assertThat(item.onStuck()).isEqualTo("consult_planner");
        assertThat(item.body()).startsWith("# Context\n\nThe shift roster generator")
                .endsWith("If bug is NOT in slot_allocator.py, stop and consult");
        assertThat(item.needsApproval()).isTrue();
        assertThat(item.approvalToken()).isNull();
        assertThat(item.status()).isEqualTo(WorkItemStatus.PENDING);
        assertThat(item.createdAt()).isNull();
    }

    @Test
    void parse_13_2_customerSupport() throws IOException {
        WorkItem item = PlanParser.parse(plan("13-2-customer-support.md"));
        assertThat(item.type()).isEqualTo(WorkItemType.GOAL);
        assertThat(item.agent()).isEqualTo(AgentLane.STREAM);
        assertThat(item.schedule()).isEqualTo("always_on");
        assertThat(item.gates()).extracting(Gate::name).containsExactly("toxicity_in", "toxicity_out", "pii_out",
                "jailbreak_in", "identity_verified");
        Gate toxicity = item.gates().get(0);
        assertThat(toxicity.trigger()).isEqualTo(GateTrigger.EVERY_USER_MESSAGE);
        assertThat(toxicity.provider()).isEqualTo("guardrails_ai");
        assertThat(toxicity.type()).isEqualTo(GateType.STRING_MATCH);
        assertThat(toxicity.config().get("threshold").doubleValue()).isEqualTo(0.7);
        assertThat(toxicity.onBlock()).isEqualTo("escalate_human");
        Gate identity = item.gates().get(4);
        assertThat(identity.type()).isEqualTo(GateType.CUSTOM_CHECK);
        assertThat(identity.check()).isEqualTo("verify_customer");
        assertThat(identity.checkExpect()).isEqualTo(Expectation.outputEquals("verified"));
        assertThat(identity.config().get("args_from_env").get(1).textValue()).isEqualTo("CUSTOMER_DOB");
        assertThat(item.accessLevels().keySet()).containsExactly("public", "verified");
        assertThat(item.accessLevels().get("verified").requires()).containsExactly("identity_verified");
        assertThat(item.accessLevels().get("verified").expiresAfter()).isEqualTo(900);
        assertThat(item.escalation().get("escalate_human"))
                .isEqualTo(new EscalationAction(EscalationActionType.TRANSFER_TO_QUEUE, "support_l2",
                        "Let me connect you with a colleague.", null, 2, null));
        assertThat(item.escalation().get("suppress_and_rephrase").fallback()).isEqualTo("escalate_human");
        assertThat(item.body()).startsWith("# Insurance Support Bot");
    }

    @Test
    void parse_13_3_tradingBot() throws IOException {
        WorkItem item = PlanParser.parse(plan("13-3-trading-bot.md"));
        Gate position = item.gates().get(1);
        assertThat(position.trigger()).isEqualTo(GateTrigger.AFTER_STEP);
        assertThat(position.afterStep()).isEqualTo(2);
        assertThat(position.type()).isEqualTo(GateType.NUMERIC_RANGE);
        assertThat(position.extract()).isEqualTo("position_usd");
        assertThat(position.autoApprove()).isEqualTo(new NumericRange(0, 25));
        assertThat(position.requireApproval()).isEqualTo(new NumericRange(25, 100));
        assertThat(position.block()).isEqualTo(BlockRange.of(0, 100));
        assertThat(position.lane()).isEqualTo(GateLane.POLICY);
        assertThat(item.verify().get(0).expect()).isEqualTo(Expectation.outputEquals("filled"));
        assertThat(item.verify().get(0).run()).contains("'$order_id'");
        assertThat(item.escalation().get("abort_trade").action()).isEqualTo(EscalationActionType.REPORT);
        assertThat(item.budget().maxCostUsd()).isEqualTo(1.5);
    }

    @Test
    void parse_13_4_healthMonitor() throws IOException {
        WorkItem item = PlanParser.parse(plan("13-4-health-monitor.md"));
        assertThat(item.type()).isEqualTo(WorkItemType.GOAL);
        assertThat(item.agent()).isEqualTo(AgentLane.EPHEMERAL);
        assertThat(item.schedule()).isEqualTo("*/30 * * * *");
        assertThat(item.verify().get(0).network()).isTrue();
        assertThat(item.verify().get(1).network()).isFalse();
        assertThat(item.verify().get(2).expect()).isEqualTo(Expectation.outputLessThan(3600));
        assertThat(item.onFailure()).isEqualTo("spawn_task");
        assertThat(item.failureContext()).startsWith("The prediction bot health check failed.\n\nFailed checks:\n"
                + "$failed_checks\n");
        assertThat(item.body()).startsWith("Health monitor for the prediction market trading bot.");
    }

    @Test
    void parse_13_5_project() throws IOException {
        WorkItem item = PlanParser.parse(plan("13-5-deploy-project.md"));
        assertThat(item.type()).isEqualTo(WorkItemType.PROJECT);
        assertThat(item.tasks()).containsExactly("task-run-tests", "task-build-image", "task-deploy-staging",
                "task-smoke-test", "task-deploy-prod");
        assertThat(item.budget().maxTokens()).isEqualTo(500_000);
    }

    @Test
    void parse_isDeterministic_samePlanSameHash() throws IOException {
        String markdown = plan("13-2-customer-support.md");
        assertThat(PlanParser.parse(markdown)).isEqualTo(PlanParser.parse(markdown));
    }

    @Test
    void parse_minimal_defaultsAndFollowUpFields() {
        WorkItem item = PlanParser.parse(minimal("follow_up_of: task-0\ninput_artifacts_from: [\"*\"]\n"
                + "skills: [coding]\ndomain: personal\nexecutor: python\n"));
        assertThat(item.followUpOf()).isEqualTo("task-0");
        assertThat(item.inputArtifactsFrom()).containsExactly("*");
        assertThat(item.skills()).containsExactly("coding");
        assertThat(item.executor()).isEqualTo(DirectExecutor.PYTHON);
        assertThat(item.interactionMode()).isEqualTo(InteractionMode.CONFIRM_ONLY_WHEN_REQUIRED);
        assertThat(item.budget()).isEqualTo(Budget.defaults());
        assertThat(item.body()).isEqualTo("Do it.");
    }

    @Test
    void parse_bomAndCrlf_accepted() {
        WorkItem item = PlanParser.parse("\uFEFF---\r\nid: t1\r\ntype: task\r\ntitle: T\r\n---\r\nBody\r\n");
        assertThat(item.id()).isEqualTo("t1");
        assertThat(item.body()).isEqualTo("Body");
    }

    @Test
    void parse_missingFrontMatter_rejected() {
        assertRejected("# Just markdown\n", "front_matter");
        assertRejected("---\nid: t\n", "front_matter");
        assertRejected("---\n---\nbody", "front_matter");
        assertRejected("---\n- a list\n---\nbody", "front_matter");
        assertRejected("", "front_matter");
    }

    @Test
    void parse_yamlSyntaxError_namesLine() {
        assertRejected("---\nid: t1\ntype: task\ntitle: [unclosed\n---\n", "front_matter line ");
        assertThatThrownBy(() -> PlanParser.parse("---\nid: t1\ntype: task\ntitle: T\nschedule: */5 * * * *\n---\n"))
                .hasMessageStartingWith("front_matter line 5");
    }

    @Test
    void parse_duplicateKey_rejected() {
        assertRejected(minimal("verify: []\nverify: []\n"), "front_matter");
    }

    @Test
    void parse_unknownEnumValue_namesField() {
        assertThatThrownBy(() -> PlanParser.parse("---\nid: t1\ntype: chore\ntitle: T\n---\n"))
                .hasMessageStartingWith("type");
        assertThatThrownBy(() -> PlanParser.parse(minimal("interaction_mode: yolo\n")))
                .hasMessageStartingWith("interaction_mode");
        assertThatThrownBy(() -> PlanParser.parse(minimal("gates:\n  - name: g\n    on: sometimes\n")))
                .hasMessageStartingWith("gates[0].on");
    }

    @Test
    void parse_invalidCheck_namesFieldAndLocation() {
        assertThatThrownBy(() -> PlanParser.parse(minimal(
                "verify:\n  - name: a\n    run: x\n    expect: { exit_code: 0 }\n"
                        + "  - name: b\n    run: y\n    expect: { exit_code: 0, contains: ok }\n")))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.getMessage())
                        .startsWith("expect: exactly one predicate").endsWith("(at verify[1].expect)"));
        assertThatThrownBy(() -> PlanParser.parse(minimal("verify:\n  - name: a\n    expect: { exit_code: 0 }\n")))
                .hasMessageStartingWith("verify.run");
        assertThatThrownBy(() -> PlanParser.parse(minimal("verify:\n  - name: a\n    run: x\n"
                + "    expect: { regex: \"([\" }\n"))).hasMessageStartingWith("expect.regex");
    }

    @Test
    void parse_unknownKey_rejected() {
        assertThatThrownBy(() -> PlanParser.parse(minimal("verfy: []\n"))).hasMessageContaining("verfy");
        assertThatThrownBy(() -> PlanParser.parse(minimal("verify:\n  - name: a\n    run: x\n"
                + "    expect: { exit_code: 0 }\n    netwrok: true\n"))).hasMessageContaining("netwrok");
    }

    @Test
    void parse_runtimeFields_rejected() {
        for (String field : List.of("approval_token: {}", "needs_approval: false", "status: done", "attempts: 3",
                "budget_used: {}", "verification_results: []", "created_at: 2026-01-01T00:00:00Z", "body: x")) {
            String name = field.substring(0, field.indexOf(':'));
            assertRejected(minimal(field + "\n"), name);
        }
    }

    @Test
    void parse_taskOnStream_rejectedNamingAgent() {
        assertRejected(minimal("agent: stream\n"), "agent");
    }
}
