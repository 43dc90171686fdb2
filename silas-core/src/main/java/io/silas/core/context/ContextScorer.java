package io.silas.core.context;

import io.silas.core.error.SilasException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Tier-2 eviction (docs/contracts.md#context-window): a host-supplied, lightweight model that groups context blocks
 * into those to keep and those to evict. Called only when heuristic eviction left usage above {@code
 * eviction_threshold_pct}.
 *
 * <p>The context manager wraps every call: a 2 s timeout, a circuit breaker (open after 3 consecutive
 * failures or timeouts, 5 minute cool-down) and a deterministic fallback. A scorer may therefore throw or hang;
 * the turn never fails because of it. Block ids the scorer invents are ignored, and pinned or system blocks are
 * never evicted whatever it says. Implementations need not be thread-safe per scope.
 */
@FunctionalInterface
public interface ContextScorer {
    /**
     * Groups the blocks; {@code evictGroups} are evicted in the returned order until usage is low enough.
     *
     * @param request the request
     * @return the output
     */
    Output score(Request request);

    /**
     * What the scorer sees: the goal, the last turns and a summary of each evictable block (no full text of
     * blocks, only a preview).
     */
    record Request(String scopeId, @Nullable String currentGoal, List<String> recentTurns, List<Block> blocks) {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param scopeId     the scope the call belongs to
         * @param currentGoal the current goal
         * @param recentTurns the recent turns
         * @param blocks      the blocks
         */
        public Request {
            recentTurns = List.copyOf(recentTurns);
            blocks = List.copyOf(blocks);
        }
    }

    /** One evictable block: id, zone, kind, turn, size, source and the first characters of its content. */
    record Block(String ctxId, ContextZone zone, ContextKind kind, int turnNumber, int tokens, String source,
                 String preview) {
    }

    /** A coherent set of blocks kept or evicted together, with the scorer's reason. */
    record Group(String reason, List<String> blockIds) {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param reason   why, in a short phrase
         * @param blockIds the block ids
         */
        public Group {
            reason = reason == null ? "" : reason;
            if (blockIds == null) {
                throw SilasException.invalid("block_ids", "is required");
            }
            blockIds = List.copyOf(blockIds);
        }
    }

    /** The scorer's structured output . */
    record Output(List<Group> keepGroups, List<Group> evictGroups) {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param keepGroups  the keep groups
         * @param evictGroups the evict groups
         */
        public Output {
            keepGroups = keepGroups == null ? List.of() : List.copyOf(keepGroups);
            evictGroups = evictGroups == null ? List.of() : List.copyOf(evictGroups);
        }
    }
}
