package io.silas.core.observe;

import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A sandbox whose runs are timed and counted by termination reason; the run itself is the wrapped sandbox's. */
final class ObservedSandbox implements Sandbox {
    private final Sandbox sandbox;
    private final SilasObserver observer;

    ObservedSandbox(Sandbox sandbox, SilasObserver observer) {
        this.sandbox = sandbox;
        this.observer = observer;
    }

    @Override
    public String id() {
        return sandbox.id();
    }

    @Override
    public Path workDir() {
        return sandbox.workDir();
    }

    @Override
    public ProcessResult run(List<String> argv, Duration timeout, byte[] stdin) {
        try (OperationScope op = observer.start(Operation.SANDBOX_RUN)) {
            try {
                ProcessResult result = sandbox.run(argv, timeout, stdin);
                String reason = Observers.word(result.termination());
                op.tag(ObservationKeys.REASON, reason).tag(ObservationKeys.OUTCOME,
                        result.succeeded() ? "succeeded" : "failed");
                observer.count(SilasMeter.SANDBOX_TERMINATIONS, reason);
                return result;
            } catch (RuntimeException | Error e) {
                op.tag(ObservationKeys.REASON, "error").error(e);
                observer.count(SilasMeter.SANDBOX_TERMINATIONS, "error");
                throw e;
            }
        }
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
