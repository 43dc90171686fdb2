package io.silas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.gate.Expectation;
import io.silas.core.vocabulary.RiskLevel;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.DirectExecutor;
import io.silas.core.work.PlanRisk;
import io.silas.core.work.VerificationCheck;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanContentsTest {
    private static WorkItem shell(String command, List<VerificationCheck> checks) {
        return WorkItem.builder("t", WorkItemType.TASK, "Save notes").executor(DirectExecutor.SHELL).body(command)
                .verify(checks).build();
    }

    @Test
    void card_networkCheck_shownWithCommandAndHighRisk() {
        VerificationCheck probe = new VerificationCheck("notes_saved", "curl http://example.org",
                Expectation.exitCodeIs(0), 30, true, null);
        PlanApprovalCard card = PlanApprovalCard.forPlan("c1", shell("touch notes.txt", List.of(probe)), "why");

        assertThat(card.riskLevel()).isEqualTo(RiskLevel.HIGH);
        assertThat(TextCardFallback.render(card)).contains("touch notes.txt").contains("notes_saved")
                .contains("curl http://example.org  [NETWORK]").contains("Risk: high")
                .contains("high: check 'notes_saved' has network access").contains(card.planHash());
    }

    @Test
    void risk_derivedFromThePlan_neverConstant() {
        WorkItem localGoal = WorkItem.builder("g", WorkItemType.GOAL, "Watch")
                .verify(List.of(VerificationCheck.of("alive", "true", Expectation.exitCodeIs(0)))).build();
        assertThat(PlanRisk.of(localGoal).level()).isEqualTo(RiskLevel.LOW);
        assertThat(PlanRisk.of(shell("touch a", List.of())).level()).isEqualTo(RiskLevel.MEDIUM);
        assertThat(PlanRisk.of(localGoal.toBuilder().skills(List.of("git")).build()).level())
                .isEqualTo(RiskLevel.HIGH);
        assertThat(PlanRisk.of(WorkSamples.healthGoal()).reasons()).isNotEmpty();
    }

    @Test
    void contents_showGatesSkillsImportsAndBudget() {
        WorkItem full = WorkSamples.fullTask();
        List<String> lines = PlanContents.of(full).lines();

        assertThat(String.join("\n", lines)).contains("    # Context\n    Fix it.").contains("lint_clean")
                .contains("[NETWORK]").contains("identity_verified").contains("verify_customer")
                .contains("Skills: coding, git").contains("of work item task-0").contains("Budget: 4 attempts");
    }
}
