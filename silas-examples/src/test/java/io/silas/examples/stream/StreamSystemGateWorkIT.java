package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.PlanAction;
import io.silas.core.agent.PlannerAgent;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.OwnerSigner;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.SandboxManager;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.execution.verify.Verification;
import io.silas.execution.work.ExecutorRegistry;
import io.silas.execution.work.WorkExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Stream completes the work executor: a gate in {@code gates.system} of the Stream's configuration applies to
 * the tool calls of approved work (before, the executor only saw system gates the host passed to it a second time,
 * and the demo passed none), and the shared parts cannot be set twice.
 */
class StreamSystemGateWorkIT {
    /** The note plan's command writes note.txt; this system gate refuses any tool call whose command names it. */
    private static final String CONFIG = StreamFixture.CONFIG_YAML + """
                - name: no_note_commands
                  on: on_tool_call
                  type: regex
                  extract: tool_args.command
                  config: {pattern: "^(?!.*note\\\\.txt).*$", dotall: true}
            """;

    @TempDir
    Path tmp;

    private final StreamFixture fx = new StreamFixture(CONFIG);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private SandboxManager sandboxes;
    private ApprovalEngine approvals;

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withBaseDir(tmp.resolve("sandboxes")));
        approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate()).nonceStore(NonceStore.inMemory())
                .audit(fx.audit).clock(fx.clock).build();
    }

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
        fx.close();
    }

    @Test
    void systemGateFromConfig_appliesToApprovedWork_commandNeverRuns() throws Exception {
        ProxyAgent proxy = request -> RouteDecision.planner("needs a plan", InteractionRegister.EXECUTION,
                InteractionMode.ACT_AND_REPORT, "conversation");
        PlannerAgent planner = request -> new AgentResponse("Here is the plan.", List.of(), List.of(),
                PlanAction.propose(StreamFixture.notePlan("note-task")), false);
        try (Stream stream = fx.builder(proxy).planner(planner).approvals(approvals)
                .cardPrompter(CardPrompter.text(fx.channel, fx.clock, timers))
                .workExecution(WorkExecution.builder().executors(ExecutorRegistry.defaults(sandboxes))
                        .verification(Verification.runner(sandboxes)).artifactsDir(tmp.resolve("artifacts")))
                .build()) {
            TurnResult proposed = stream.submit(fx.message("owner", "write a note"), "owner").toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            fx.channel.await("owner", t -> t.startsWith("[Decision needed]"));
            stream.submit(new OwnerSigner(fx.ownerKeys, fx.clock).sign(fx.message("owner", "approve")), "owner")
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);

            WorkItemResult result = proposed.execution().toCompletableFuture().get(120, TimeUnit.SECONDS);

            assertThat(result.status()).isNotEqualTo(WorkItemStatus.DONE);
            assertThat(fx.audit.findByEvent(WorkExecution.EVENT_TOOL_CALL)).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.data().toString()).contains("blocked"));
            try (var files = Files.walk(tmp)) {
                assertThat(files.filter(p -> p.getFileName().toString().equals("note.txt")).toList())
                        .as("the gated command never ran").isEmpty();
            }
        }
    }

    @Test
    void workExecution_withASharedPartSetByTheHost_isRefused() {
        Assertions.assertThatThrownBy(() -> fx.builder(StreamFixture.direct(t -> "ok")).approvals(approvals)
                        .workExecution(WorkExecution.builder().audit(fx.audit)
                                .executors(ExecutorRegistry.defaults(sandboxes))
                                .verification(Verification.runner(sandboxes)).artifactsDir(tmp.resolve("artifacts")))
                        .build())
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("audit");
    }

    @Test
    void workExecution_withoutApprovals_isMissingCollaborator() {
        Assertions.assertThatThrownBy(() -> fx.builder(StreamFixture.direct(t -> "ok"))
                        .workExecution(WorkExecution.builder().executors(ExecutorRegistry.defaults(sandboxes))
                                .verification(Verification.runner(sandboxes)).artifactsDir(tmp.resolve("artifacts")))
                        .build())
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_COLLABORATOR))
                .hasMessageContaining("approvals");
    }
}
