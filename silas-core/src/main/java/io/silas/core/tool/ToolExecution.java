package io.silas.core.tool;

import io.silas.core.error.SilasException;
import io.silas.core.execution.ExecutionResult;

/** What a {@link Toolset} did with a request: executed it (with the full result) or refused it. */
public sealed interface ToolExecution {
    /** The call ran; {@code result} includes the application-only metadata, which stays out of model text. */
    record Executed(ExecutionResult result) implements ToolExecution {
        public Executed {
            if (result == null) {
                throw SilasException.invalid("result", "is required");
            }
        }
    }

    /** The call did not run. */
    record Refused(ToolCallStatus status, String reason) implements ToolExecution {
        public Refused {
            if (status == null || status == ToolCallStatus.OK || status == ToolCallStatus.ERROR) {
                throw SilasException.invalid("status", "a refusal needs a refusal status");
            }
            if (reason == null || reason.isBlank()) {
                throw SilasException.invalid("reason", "must not be blank");
            }
        }
    }
}
