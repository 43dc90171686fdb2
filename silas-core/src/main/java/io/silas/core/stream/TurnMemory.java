package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.agent.MemoryOp;
import io.silas.core.agent.MemoryQuery;
import io.silas.core.context.ContextItem;
import io.silas.core.context.ContextKind;
import io.silas.core.context.ContextManager;
import io.silas.core.context.ContextZone;
import io.silas.core.context.TokenCounter;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateEvaluation;
import io.silas.core.gate.GateTrigger;
import io.silas.core.json.Json;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.MemoryStore;
import io.silas.core.vocabulary.TaintLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The memory steps of a turn (docs/contracts.md#stream-and-turns steps 3.5, 4, 12, 13), always within the turn's own
 * scope: the raw items of the user's message and the reply (written by the inbox), keyword retrieval into the memory
 * zone, the agent's memory queries, and its memory ops — at most {@code limits.max_memory_ops_per_turn} (the rest
 * audited {@value #EVENT_OPS_TRUNCATED}), each checked by the {@code on_tool_call} gates as tool {@code memory_<op>} (a
 * block is audited {@value #EVENT_OP_BLOCKED}).
 *
 * <p>Not thread-safe; used by one scope's worker.
 */
final class TurnMemory {
    static final String EVENT_OPS_TRUNCATED = "memory_ops_truncated";
    static final String EVENT_OP_BLOCKED = "memory_op_blocked";
    static final String EVENT_OP_FAILED = "memory_op_failed";
    /** Results injected per keyword retrieval of the user's message. */
    static final int RETRIEVAL_LIMIT = 5;

    private final Basics deps;
    private final MemoryStore store;
    private final ContextManager context;
    private final TokenCounter tokens = TokenCounter.heuristic();

    private final InputLimits sizes;

    TurnMemory(Basics deps, MemoryStore store, ContextManager context) {
        this.deps = deps;
        this.store = store;
        this.context = context;
        this.sizes = new InputLimits(deps);
    }

    /**
     * Step 3.5 (and the reply after step 14): the raw item of {@code text} for the low-reingestion lane, or null for
     * blank text. The caller stores it through the inbox, in the same write as the text's chronicle entry.
     */
    @Nullable MemoryItem raw(TurnContext turn, String text, String sourceKind) {
        if (text.isBlank()) {
            return null;
        }
        return MemoryItem.raw(deps.ids().next(), turn.scopeId(), text, turn.trust().taint(), sourceKind, null,
                deps.clock().instant());
    }

    /** Step 4 and step 12: keyword search of this scope, results injected into the memory zone. */
    void retrieve(TurnContext turn, String query, int limit) {
        Instant now = deps.clock().instant();
        for (MemoryItem item : store.searchKeyword(turn.scopeId(), query, limit)) {
            context.add(new ContextItem(deps.ids().next(), ContextZone.MEMORY, item.content(),
                    tokens.count(item.content()), now, turn.turnNumber(),
                    "memory:" + item.memoryType().name().toLowerCase(Locale.ROOT), item.taint(), ContextKind.MEMORY,
                    1.0, false, false, item.memoryId()));
        }
    }

    /** Step 12: the agent's memory queries (at most three, enforced by {@code AgentResponse}). */
    void runQueries(TurnContext turn, List<MemoryQuery> queries) {
        for (MemoryQuery query : queries) {
            retrieve(turn, query.query(), query.maxResults());
        }
    }

    /**
     * Step 13: gated memory ops, truncated to the per-turn limit and then to what the scope's
     * {@code limits.memory_ops_per_minute_per_scope} budget still holds.
     */
    void runOps(TurnContext turn, TurnGates gates, List<MemoryOp> ops) {
        int perTurn = Math.min(ops.size(), deps.config().limits().maxMemoryOpsPerTurn());
        int limit = deps.ops().limits().memoryOps(turn.scopeId(), turn.turnNumber(), perTurn);
        List<MemoryOp> allowed = ops;
        if (ops.size() > limit) {
            allowed = ops.subList(0, limit);
            deps.audit().append(EVENT_OPS_TRUNCATED, AuditData.scope(turn.scopeId()).turn(turn.turnNumber())
                    .put("requested", ops.size()).put("allowed", limit).put("dropped", ops.size() - limit)
                    .reason(limit < perTurn ? "memory_ops_per_minute_per_scope" : "max_memory_ops_per_turn"));
        }
        for (MemoryOp op : allowed) {
            String tool = "memory_" + op.op().name().toLowerCase(Locale.ROOT);
            if (!sizes.fits(turn.scopeId(), turn.turnNumber(), "memory_op", Json.write(op),
                    deps.config().limits().maxMemoryOpBytes())) {
                deps.audit().append(EVENT_OP_FAILED, opAudit(turn, tool, ErrorCode.INPUT_TOO_LARGE.id()));
                continue;
            }
            GateEvaluation eval = gates.session().checkGates(gates.gates(), GateTrigger.ON_TOOL_CALL,
                    GateContext.forToolCall(tool, (ObjectNode) Json.mapper().valueToTree(op)));
            if (eval.blocked() || eval.requiresApproval()) {
                deps.audit().append(EVENT_OP_BLOCKED, opAudit(turn, tool, eval.blocked() ? "blocked"
                        : "approval_required"));
                continue;
            }
            try {
                apply(turn, op);
            } catch (SilasException e) {
                deps.audit().append(EVENT_OP_FAILED, opAudit(turn, tool, e.code().id()));
            }
        }
    }

    private void apply(TurnContext turn, MemoryOp op) {
        String scope = turn.scopeId();
        TaintLevel taint = turn.trust().taint();
        Instant now = deps.clock().instant();
        switch (op.op()) {
            case STORE -> store.store(new MemoryItem(deps.ids().next(), scope, op.content(), op.memoryType(),
                    null, null, taint, now, now, null, null, 0, null, op.tags(), op.entityRefs(), List.of(), null,
                    null, Rehydrator.sessionId(deps.config()), null, MemoryItem.MEMORY_OP));
            case UPDATE -> store.update(existing(scope, op.memoryId()).withContent(op.content(), taint, now));
            case DELETE -> {
                existing(scope, op.memoryId());
                store.delete(scope, op.memoryId());
            }
            case LINK -> {
                MemoryItem from = existing(scope, op.memoryId());
                existing(scope, op.linkTo());
                List<String> refs = new ArrayList<>(from.causalRefs());
                refs.add(op.linkTo());
                store.update(new MemoryItem(from.memoryId(), scope, from.content(), from.memoryType(),
                        from.reingestionTier(), from.trustLevel(), from.taint(), from.createdAt(), now,
                        from.validFrom(), from.validUntil(), from.accessCount(), from.lastAccessed(),
                        from.semanticTags(), from.entityRefs(), refs, from.temporalNext(), from.temporalPrev(),
                        from.sessionId(), from.embedding(), from.sourceKind()));
            }
        }
    }

    private MemoryItem existing(String scope, String memoryId) {
        return store.get(scope, memoryId).orElseThrow(() -> new SilasException(
                io.silas.core.error.ErrorCode.NOT_FOUND, "memory not found in this scope"));
    }

    private static AuditData opAudit(TurnContext turn, String tool, String reason) {
        return AuditData.scope(turn.scopeId()).turn(turn.turnNumber()).put("op", tool).reason(reason);
    }
}
