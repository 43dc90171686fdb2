package io.silas.core.context;

import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.RequiredParts;
import io.silas.core.error.SetOnce;
import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryStore;
import io.silas.core.vocabulary.TaintLevel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The context window of <b>one scope</b> (docs/contracts.md#context-window): four zones, a budget profile,
 * harness-controlled eviction and rendering. The agent never calls it; the turn pipeline adds items, enforces the
 * budget once per turn and renders.
 *
 * <p><b>Eviction</b> ({@link #enforceBudget}): tier 1 always runs — observation-mask chronicle tool results
 * older than {@code observation_mask_after_turns}, drop trivial acknowledgements (&lt; 20 tokens matching
 * {@value #TRIVIAL_ACK_PATTERN}), then evict per zone until each fits its budget (chronicle oldest first, memory
 * lowest relevance first, workspace execution results before plans and subscriptions, oldest first). If total
 * usage is still above {@code eviction_threshold_pct} of the window, tier 2 asks the {@link ContextScorer}
 * (timeout, circuit breaker) and falls back to deterministic aggressive eviction. Pinned and system items are
 * never evicted. The original content of every masked or evicted item (not of dropped acknowledgements) is
 * stored to the scope's memory as a {@code working} episode with its taint before it leaves the window;
 * external-tainted content is scrubbed of block delimiters and control characters first.
 *
 * <p><b>Rendering</b> ({@link #render}): zones in the order system → chronicle → memory → workspace, each item
 * as a metadata-tagged block, e.g. {@code --- turn 14 | user | live ---} … {@code --- end ---}. Content lines
 * that begin with {@code ---} are prefixed with a backslash so no content can forge a block boundary.
 *
 * <p><b>Isolation:</b> one instance per scope; memory writes carry that scope id; no method reads another
 * scope. Instances are thread-safe (synchronized), though the Stream calls each from one worker at a time.
 */
public interface ContextManager {
    /** Default trivial-acknowledgement pattern (case-insensitive). */
    String TRIVIAL_ACK_PATTERN = "^(ok|thanks|got it|sure|yes|no|\uD83D\uDC4D)\\s*[.!?]*$";
    /** Acknowledgements at or above this many tokens are never dropped. */
    int TRIVIAL_ACK_MAX_TOKENS = 20;
    /** Audit event of a profile switch. */
    String EVENT_PROFILE_CHANGED = "context_profile_changed";

    /** {@return the scope this window belongs to} */
    String scopeId();

    /**
     * Adds an item (memory-zone items with a {@code memory_id} already present are ignored).
     *
     * @param item the work item
     */
    void add(ContextItem item);

    /**
     * Adds a live item whose tokens are counted by the {@link TokenCounter}; returns it.
     *
     * @param zone the zone the fields are read in; {@code null} = the scheduler's configured zone ({@code scheduler.timezone})
     * @param kind what happened
     * @param content content to store or update
     * @param source how the value was decided
     * @param taint trust propagated from the source
     * @param turnNumber the scope's turn counter for this turn ({@code 0} for a message consumed as a card reply)
     * @return the context item
     */
    ContextItem add(ContextZone zone, ContextKind kind, String content, String source, TaintLevel taint,
                    int turnNumber);

    /**
     * Items of a zone, in render order.
     *
     * @param zone the zone the fields are read in; {@code null} = the scheduler's configured zone ({@code scheduler.timezone})
     * @return the list
     */
    List<ContextItem> items(ContextZone zone);

    /** {@return total tokens of all items, as the {@link TokenCounter} estimated them (before calibration)} */
    int usage();

    /**
     * Corrects this scope's token estimate with the usage a model reported for one request: {@code sentTexts} are
     * the texts of every message of that request, {@code reportedInputTokens} what the provider counted for them.
     * Budget checks ({@link #budgets}, {@link #enforceBudget}) then scale their estimates by the smoothed ratio,
     * bounded to [0.5, 4]; {@link #usage()} stays the raw estimate. A non-positive count or an empty text is ignored.
     *
     * @param sentTexts the sent texts
     * @param reportedInputTokens the reported input tokens
     */
    void calibrate(List<String> sentTexts, long reportedInputTokens);

    /** {@return the factor budget checks apply to the estimate: 1.0 until a model reported usage for this scope} */
    double tokenCalibration();

    /** {@return the active profile} */
    ContextProfile profile();

    /**
     * Switches the profile for this scope only (audited {@value #EVENT_PROFILE_CHANGED}); the next
     * {@link #enforceBudget} fits the new budgets.
     *
     * @param profileName the profile name
     * @throws SilasException {@code INVALID_INPUT} for a profile not in the budget's registry
     */
    void setProfile(String profileName);

    /** {@return the zone budgets under the active profile and current system-zone size} */
    ZoneBudgets budgets();

    /**
     * Runs two-tier eviction for {@code turnNumber}; {@code currentGoal} is scorer context.
     *
     * @param turnNumber the scope's turn counter for this turn ({@code 0} for a message consumed as a card reply)
     * @param currentGoal the current goal
     * @return the eviction report
     */
    EvictionReport enforceBudget(int turnNumber, @Nullable String currentGoal);

    /**
     * Renders the window (observation masking is applied first): the text of {@link #window}.
     *
     * @param turnNumber the scope's turn counter for this turn ({@code 0} for a message consumed as a card reply)
     * @return the string
     */
    String render(int turnNumber);

    /**
     * {@return the window as of now (observation masking is applied first), without building its text: the turn pipeline
     * passes it to the agent, which reads {@link ContextWindow#text()} if it needs the text} Taking a window costs
     * what changed since the last one (the same window is returned while nothing changed), not the window's size.
     *
     * @param turnNumber the scope's turn counter for this turn ({@code 0} for a message consumed as a card reply)
     */
    ContextWindow window(int turnNumber);

    /**
     * Records an active subscription of this scope (docs/contracts.md#context-window). A subscription to a type and
     * target the window already has is not added twice. Subscriptions are recorded; this manager does not re-read their
     * targets on render (rehydration adds a restored subscription's content as a workspace item of its own).
     *
     * @param subscription the subscription
     * @return whether it was added
     */
    boolean subscribe(ContextSubscription subscription);

    /** {@return the recorded subscriptions, in the order they were added} */
    List<ContextSubscription> subscriptions();

    /**
     * Starts a builder for one scope's manager.
     *
     * @param scopeId the scope the call belongs to
     * @return the builder
     */
    static Builder builder(String scopeId) {
        return new Builder(scopeId);
    }

    /**
     * Assembles a {@link ContextManager}. Each setter may be called once (a second call is {@code CONFIG_INVALID});
     * {@link #build()} names every missing
     * required collaborator ({@code budget}, {@code memory}, {@code audit}, {@code clock}). Optional: a
     * {@code scorer} (requires {@code scorerExecutor}), {@code scorerTimeout} (2 s), {@code tokenCounter}
     * (heuristic), {@code ids} (random).
     */
    final class Builder {
        private static final String BUILDER = "ContextManager builder";

        private final String scopeId;
        private @Nullable TokenBudget budget;
        private @Nullable MemoryStore memory;
        private @Nullable AuditLog audit;
        private @Nullable Clock clock;
        private @Nullable ContextScorer scorer;
        private @Nullable Executor scorerExecutor;
        private @Nullable Duration scorerTimeout;
        private @Nullable TokenCounter tokenCounter;
        private @Nullable IdGenerator ids;

        private Builder(String scopeId) {
            if (scopeId == null || scopeId.isBlank()) {
                throw SilasException.invalid("scope_id", "must not be blank");
            }
            this.scopeId = scopeId;
        }

        /**
         * {@return the budget}
         *
         * @param value the new value
         */
        public Builder budget(TokenBudget value) {
            budget = SetOnce.first(budget, value, BUILDER, "budget");
            return this;
        }

        /**
         * {@return the memory}
         *
         * @param value the new value
         */
        public Builder memory(MemoryStore value) {
            memory = SetOnce.first(memory, value, BUILDER, "memory");
            return this;
        }

        /**
         * {@return the audit}
         *
         * @param value the new value
         */
        public Builder audit(AuditLog value) {
            audit = SetOnce.first(audit, value, BUILDER, "audit");
            return this;
        }

        /**
         * {@return the clock}
         *
         * @param value the new value
         */
        public Builder clock(Clock value) {
            clock = SetOnce.first(clock, value, BUILDER, "clock");
            return this;
        }

        /**
         * {@return the tier-2 scorer and the executor its calls run on (so they can be timed out)}
         *
         * @param value the new value
         * @param executor the executor
         */
        public Builder scorer(ContextScorer value, Executor executor) {
            scorer = SetOnce.first(scorer, value, BUILDER, "scorer");
            scorerExecutor = SetOnce.first(scorerExecutor, executor, BUILDER, "scorer_executor");
            return this;
        }

        /**
         * {@return the scorer timeout}
         *
         * @param value the new value
         */
        public Builder scorerTimeout(Duration value) {
            scorerTimeout = SetOnce.first(scorerTimeout, value, BUILDER, "scorer_timeout");
            if (value.isNegative() || value.isZero()) {
                throw SilasException.invalid("scorer_timeout", "must be > 0");
            }
            return this;
        }

        /**
         * {@return the token counter}
         *
         * @param value the new value
         */
        public Builder tokenCounter(TokenCounter value) {
            tokenCounter = SetOnce.first(tokenCounter, value, BUILDER, "token_counter");
            return this;
        }

        /**
         * {@return the ids}
         *
         * @param value the new value
         */
        public Builder ids(IdGenerator value) {
            ids = SetOnce.first(ids, value, BUILDER, "ids");
            return this;
        }

        /** {@return the manager; fails with {@code MISSING_COLLABORATOR} naming every missing required part} */
        public ContextManager build() {
            RequiredParts.of("ContextManager")
                    .require(budget, "budget")
                    .require(memory, "memory")
                    .require(audit, "audit")
                    .require(clock, "clock")
                    .check();
            ScorerGuard guard = new ScorerGuard(scorer, scorerExecutor,
                    scorerTimeout == null ? ScorerGuard.DEFAULT_TIMEOUT : scorerTimeout, clock);
            return new DefaultContextManager(scopeId, budget, memory, audit, clock, guard,
                    tokenCounter == null ? TokenCounter.heuristic() : tokenCounter,
                    ids == null ? IdGenerator.random() : ids);
        }

    }
}
