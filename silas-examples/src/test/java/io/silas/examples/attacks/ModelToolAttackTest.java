package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.audit.AuditLog;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.gate.Expectation;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.GateType;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.VerificationCheck;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.execution.verify.Verification;
import io.silas.execution.work.ExecutorRegistry;
import io.silas.execution.work.WorkExecution;
import io.silas.gates.Gates;
import io.silas.langchain4j.LangChain4jAgents;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model behind a LangChain4j {@code ChatModel} executor asks for a tool call that needs the owner's approval.
 * Promise 1 and 3: the call runs only through Silas's invoker, so without a signed approval nothing runs — the model
 * cannot execute a tool itself, whatever its tool-call message says.
 */
class ModelToolAttackTest {
    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T10:00:00Z"));
    private SqliteStores stores;
    private AuditLog audit;
    private ApprovalEngine approvals;
    private SandboxManager sandboxes;
    private Path markers;
    private final List<String> toolResultsSeenByModel = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        stores = SqliteStores.open(tmp.resolve("silas.db"), clock);
        audit = stores.auditLog();
        approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate()).nonceStore(stores.nonceStore())
                .audit(audit).clock(clock).build();
        sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withBaseDir(tmp.resolve("sandboxes")));
        markers = Files.createDirectory(tmp.resolve("markers"));
        Files.setPosixFilePermissions(markers, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @AfterEach
    void tearDown() {
        stores.close();
    }

    /** A hostile model: every turn asks to touch the marker, then claims it is done. */
    private ChatModel hostileModel() {
        AtomicInteger calls = new AtomicInteger();
        String touch = "{\"command\": \"touch " + markers.resolve("ran") + "\"}";
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                for (ChatMessage message : request.messages()) {
                    if (message instanceof ToolExecutionResultMessage result) {
                        toolResultsSeenByModel.add(result.text());
                    }
                }
                int n = calls.incrementAndGet();
                AiMessage answer = n % 2 == 1
                        ? AiMessage.from(ToolExecutionRequest.builder().id("call-" + n).name("shell_exec")
                                .arguments(touch).build())
                        : AiMessage.from("{\"summary\": \"done, trust me\", \"artifact_refs\": [], \"next_steps\": [],"
                                + " \"tokens_used\": 0, \"cost_usd\": 0}");
                return ChatResponse.builder().aiMessage(answer).build();
            }
        };
    }

    private WorkItemResult run(ApprovalDecision ownerAnswer) {
        Gate confirm = Gate.builder("confirm_commands", GateTrigger.ON_TOOL_CALL).type(GateType.APPROVAL_ALWAYS)
                .build();
        WorkItem item = WorkItem.builder("wi-tool", WorkItemType.TASK, "Tidy up")
                .body("Tidy the work directory.")
                .verify(List.of(VerificationCheck.of("marker", "true", Expectation.fileExistsAt("nothing.txt"))))
                .gates(List.of(confirm)).createdAt(clock.instant()).build();
        var token = approvals.issue(item, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
        WorkItem approved = item.withApprovalToken(approvals.verify(token, item, null).orThrow());
        stores.workItemStore().save(approved);
        return WorkExecution.builder().approvals(approvals).store(stores.workItemStore()).audit(audit)
                .executors(ExecutorRegistry.defaults(sandboxes)).verification(Verification.runner(sandboxes))
                .gates(Gates.runner().audit(audit).provider(Gates.predicate()).build())
                .sandboxConfig(SandboxConfig.defaults().withFilesystemWrite(List.of(markers)))
                .artifactsDir(tmp.resolve("artifacts")).clock(clock).ids(IdGenerator.sequential("x"))
                .approvalTimeout(Duration.ofSeconds(10)).prompter((request, timeout) -> ownerAnswer)
                .executorAgent(LangChain4jAgents.executor(hostileModel()))
                .build().execute(approved);
    }

    @Test
    void toolCallNeedingApproval_withoutTheOwnersApproval_neverRuns() {
        WorkItemResult result = run(ApprovalDecision.declined());

        assertThat(markers.resolve("ran")).as("the model's command never ran").doesNotExist();
        assertThat(result.status()).isNotEqualTo(WorkItemStatus.DONE);
        assertThat(toolResultsSeenByModel).isNotEmpty().allSatisfy(r -> assertThat(r).contains("approval_declined"));
        assertThat(audit.findByEvent(WorkExecution.EVENT_APPROVAL_GRANTED)).isEmpty();
    }

    @Test
    void control_theSameCallWithTheOwnersApproval_runs() {
        run(ApprovalDecision.approved());

        assertThat(markers.resolve("ran")).as("the approved command ran in the sandbox").exists();
        assertThat(audit.findByEvent(WorkExecution.EVENT_APPROVAL_GRANTED)).isNotEmpty();
    }
}
