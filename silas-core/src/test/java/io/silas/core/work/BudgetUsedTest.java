package io.silas.core.work;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BudgetUsedTest {
    private static final Budget BUDGET = new Budget(100, 1.0, 60, 3, 2);

    @Test
    void exceeds_belowEveryLimit_false() {
        assertThat(new BudgetUsed(99, 0.99, 59.9, 2, 1, 1000).exceeds(BUDGET)).isFalse();
    }

    @Test
    void exceeds_exactlyAtEachLimit_true() {
        assertThat(new BudgetUsed(100, 0, 0, 0, 0, 0).exceeds(BUDGET)).isTrue();
        assertThat(new BudgetUsed(0, 1.0, 0, 0, 0, 0).exceeds(BUDGET)).isTrue();
        assertThat(new BudgetUsed(0, 0, 60, 0, 0, 0).exceeds(BUDGET)).isTrue();
        assertThat(new BudgetUsed(0, 0, 0, 3, 0, 0).exceeds(BUDGET)).isTrue();
        assertThat(new BudgetUsed(0, 0, 0, 0, 2, 0).exceeds(BUDGET)).isTrue();
    }

    @Test
    void merge_sumsEveryFieldIncludingAttemptsAndExecutorRuns() {
        BudgetUsed merged = new BudgetUsed(1, 0.25, 1.5, 1, 2, 3).merge(new BudgetUsed(10, 0.5, 2.5, 4, 5, 6));
        assertThat(merged).isEqualTo(new BudgetUsed(11, 0.75, 4.0, 5, 7, 9));
    }

    @Test
    void plusMethods_incrementOneDimension() {
        BudgetUsed used = BudgetUsed.zero().plusAttempt().plusExecutorRun().plusPlannerCall().plusUsage(5, 0.1)
                .plusWallTime(2);
        assertThat(used).isEqualTo(new BudgetUsed(5, 0.1, 2, 1, 1, 1));
    }

    @Test
    void budget_partialJson_takesSpecDefaults() {
        Budget b = io.silas.core.json.Json.read("{\"max_tokens\":5}", Budget.class);
        assertThat(b).isEqualTo(new Budget(5, 2.0, 1800, 5, 3));
    }
}
