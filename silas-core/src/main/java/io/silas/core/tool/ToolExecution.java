package io.silas.core.tool;

import io.silas.core.error.SilasException;
import io.silas.core.execution.ExecutionResult;

/** What a {@link Toolset} did with a request: executed it (with the full result) or refused it. */
public sealed interface ToolExecution {
    /** The call ran; {@code result} includes the application-only metadata, which stays out of model text. */
    record Executed(ExecutionResult result) implements ToolExecution {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param result the execution result of an executed call ({@code ok} or {@code error}); null for refusals
         */
        public Executed {
            if (result == null) {
                throw SilasException.invalid("result", "is required");
            }
        }
    }

    /** The call did not run. */
    record Refused(ToolCallStatus status, String reason) implements ToolExecution {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param status how the call ended
         * @param reason why, in a short phrase
         */
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
