package io.silas.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.silas.core.agent.ExecutorAgent;
import io.silas.core.agent.ExecutorAgentOutput;
import io.silas.core.agent.ExecutorRequest;
import io.silas.core.observe.Observers;
import io.silas.core.observe.SilasObserver;
import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import io.silas.core.tool.ToolCall;
import io.silas.core.tool.ToolCallStatus;
import io.silas.core.tool.ToolDefinition;
import io.silas.core.tool.ToolInvoker;
import io.silas.core.tool.ToolResult;
import io.silas.core.vocabulary.TaintLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wrappers a host puts around what it builds outside the Stream: scheduled jobs and an executor's tool calls. */
class ObserversTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SilasObserver observer = SilasMicrometer.observer(meters);

    /** Runs every job once, at once, on the calling thread. */
    private static final class RunNow implements Scheduler {
        private final List<ScheduledJob> jobs = new ArrayList<>();

        @Override
        public ScheduledJob schedule(String name, Schedule when, Runnable job) {
            ScheduledJob scheduled = new ScheduledJob(name, when, null);
            jobs.add(scheduled);
            job.run();
            return scheduled;
        }

        @Override
        public void cancel(String name) {
            jobs.removeIf(j -> j.name().equals(name));
        }

        @Override
        public List<ScheduledJob> jobs() {
            return List.copyOf(jobs);
        }

        @Override
        public void close() {
            jobs.clear();
        }
    }

    @Test
    void scheduler_eachRunTimedByJobKind_aFailingJobStillFailsAndIsTaggedWithItsCode() {
        Scheduler scheduler = Observers.scheduler(new RunNow(), observer);
        scheduler.schedule("goal:release-notes", Schedule.every(Duration.ofMinutes(1)), () -> { });
        assertThatThrownBy(() -> scheduler.schedule("heartbeat:owner", Schedule.every(Duration.ofMinutes(1)), () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(meters.get("silas.scheduled.job").tags("job", "goal", "outcome", "ran").timer().count())
                .isEqualTo(1);
        assertThat(meters.get("silas.scheduled.job").tags("job", "heartbeat", "error_code", "internal.internal")
                .timer().count()).isEqualTo(1);
        assertThat(scheduler.jobs()).extracting(ScheduledJob::name)
                .containsExactly("goal:release-notes", "heartbeat:owner");
    }

    @Test
    void executorAgent_toolCallsTimedByDefinedToolAndStatus_madeUpNamesAreUnknown() {
        ToolInvoker tools = new ToolInvoker() {
            @Override
            public List<ToolDefinition> tools() {
                return List.of(ToolDefinition.of("read_file", "Reads a file", List.of()));
            }

            @Override
            public ToolResult invoke(ToolCall call) {
                return call.toolName().equals("read_file")
                        ? new ToolResult(ToolCallStatus.OK, "text", null, TaintLevel.OWNER, List.of())
                        : ToolResult.refused(ToolCallStatus.NOT_FOUND, "no such tool");
            }
        };
        ExecutorAgent agent = (request, invoker) -> {
            invoker.invoke(ToolCall.of("read_file", JsonNodeFactory.instance.objectNode()));
            invoker.invoke(ToolCall.of("rm -rf / # 4111111111111111", JsonNodeFactory.instance.objectNode()));
            return ExecutorAgentOutput.of("done", List.of());
        };

        Observers.executorAgent(agent, observer)
                .run(new ExecutorRequest("w-1", 1, "do it", tools.tools(), List.of()), tools);

        assertThat(meters.get("silas.tool.call").tags("tool", "read_file", "outcome", "ok").timer().count())
                .isEqualTo(1);
        assertThat(meters.get("silas.tool.call").tags("tool", "unknown", "outcome", "not_found").timer().count())
                .isEqualTo(1);
        assertThat(meters.getMeters()).allSatisfy(m -> assertThat(m.getId().toString()).doesNotContain("4111"));
    }
}
