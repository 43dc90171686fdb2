package io.silas.core.gate;

import io.silas.core.error.SilasException;
import io.silas.core.work.EscalationPolicy;
import org.jspecify.annotations.Nullable;

/**
 * What the runtime does about a block or failure, fully resolved (docs/contracts.md#gates): every fallback is already a
 * concrete step, so the executor of a step never looks names up again. Produced by {@link EscalationPolicy}.
 *
 * <p>Records are immutable and thread-safe. Messages are the configured escalation texts (user-facing);
 * {@code null} means "no message configured".
 */
public sealed interface EscalationStep {
    /** Send {@code message} as the response. */
    record Respond(String message) implements EscalationStep {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param message the message
         */
        public Respond {
            if (message == null || message.isBlank()) {
                throw SilasException.invalid("escalation.message", "is required for respond");
            }
        }
    }

    /** Log the block to audit and notify the owner. */
    record Report() implements EscalationStep {
    }

    /** Send {@code message} (if any), then transfer the conversation to the channel queue {@code queue}. */
    record TransferToQueue(String queue, @Nullable String message) implements EscalationStep {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param queue   the queue
         * @param message the message
         */
        public TransferToQueue {
            if (queue == null || queue.isBlank()) {
                throw SilasException.invalid("escalation.queue", "is required for transfer_to_queue");
            }
        }
    }

    /**
     * Send {@code message} (if any) and request a human takeover; a channel without human handoff runs
     * {@code withoutHandoff} instead ({@code transfer_to_queue} when a queue is configured, else {@code report}).
     */
    record EscalateHuman(@Nullable String message, EscalationStep withoutHandoff) implements EscalationStep {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param message        the message
         * @param withoutHandoff the without handoff
         */
        public EscalateHuman {
            requireStep(withoutHandoff, "without_handoff");
        }
    }

    /**
     * Suppress the blocked response and re-run the agent with {@code instruction} appended, up to
     * {@code maxRetries} times; then run {@code fallback}.
     */
    record SuppressAndRephrase(String instruction, int maxRetries, EscalationStep fallback) implements EscalationStep {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param instruction the instruction
         * @param maxRetries  the max retries
         * @param fallback    the fallback
         */
        public SuppressAndRephrase {
            if (instruction == null || instruction.isBlank()) {
                throw SilasException.invalid("escalation.instruction", "is required for suppress_and_rephrase");
            }
            requireRetries(maxRetries);
            requireStep(fallback, "fallback");
        }
    }

    /** Suppress the blocked response, send {@code message} (if any), then run {@code fallback}. */
    record SuppressAndEscalate(@Nullable String message, EscalationStep fallback) implements EscalationStep {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param message  the message
         * @param fallback the fallback
         */
        public SuppressAndEscalate {
            requireStep(fallback, "fallback");
        }
    }

    /** Create a fix task from the failure context (the work item's {@code failure_context}). */
    record SpawnTask() implements EscalationStep {
    }

    /** Re-execute the current step up to {@code maxRetries} times; then run {@code fallback}. */
    record Retry(int maxRetries, EscalationStep fallback) implements EscalationStep {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param maxRetries the max retries
         * @param fallback   the fallback
         */
        public Retry {
            requireRetries(maxRetries);
            requireStep(fallback, "fallback");
        }
    }

    private static void requireStep(@Nullable EscalationStep step, String field) {
        if (step == null) {
            throw SilasException.invalid("escalation." + field, "is required");
        }
    }

    private static void requireRetries(int maxRetries) {
        if (maxRetries < 0) {
            throw SilasException.invalid("escalation.max_retries", "must be >= 0");
        }
    }
}
