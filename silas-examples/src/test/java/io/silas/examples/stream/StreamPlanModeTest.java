package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.PlanAction;
import io.silas.core.agent.PlanActionType;
import io.silas.core.agent.RouteDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.channel.CardPrompter;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.work.WorkItem;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docs/contracts.md#stream-and-turns step 12: the interaction mode resolved for a plan-based turn is persisted on the
 * plan's work item, so execution and later turns read the same mode the turn reported.
 */
class StreamPlanModeTest {
    @Test
    void planTurn_resolvedModeSavedOnTheWorkItem() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try (StreamFixture fx = new StreamFixture("{}")) {
            ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                    .nonceStore(NonceStore.inMemory()).audit(fx.audit).clock(fx.clock).build();
            PlanAction action = new PlanAction(PlanActionType.PROPOSE, StreamFixture.notePlan("mode-task"), null,
                    InteractionMode.ACT_AND_REPORT);
            try (Stream stream = fx.builder(request -> RouteDecision.planner("plan", InteractionRegister.EXECUTION,
                            InteractionMode.DEFAULT_AND_OFFER, "conversation"))
                    .planner(request -> new AgentResponse("Here is the plan.", List.of(), List.of(), action, false))
                    .approvals(approvals).cardPrompter(CardPrompter.text(fx.channel, fx.clock, timers))
                    .workExecution(shared -> item -> {
                        throw new AssertionError("nothing is approved in this test");
                    }).build()) {
                TurnResult result = stream.submit(fx.message("a", "write a note"), "a").toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);

                assertThat(result.mode()).isEqualTo(InteractionMode.ACT_AND_REPORT);
                WorkItem stored = fx.workItems.get(result.workItemId()).orElseThrow();
                assertThat(stored.interactionMode()).isEqualTo(result.mode());
            }
        } finally {
            timers.shutdownNow();
        }
    }
}
