package io.silas.gates;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateAuditEvents;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateEvaluation;
import io.silas.core.gate.GateLane;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateRunner;
import io.silas.core.gate.GateTrigger;
import io.silas.core.json.Hashes;
import io.silas.core.vocabulary.GateAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The default two-lane runner (docs/contracts.md#gates). Immutable after construction; each {@link TurnSession} holds
 * only its evaluation counter, so the runner and its sessions are thread-safe.
 */
final class DefaultGateRunner implements GateRunner {
    static final String LLM_ERROR = "llm_error";
    /** How many distinct gate sets keep their prepared form (a Stream checks one frozen set every turn). */
    private static final int PREPARED_SETS = 8;

    private final AuditLog audit;
    private final Map<String, GateCheckProvider> providers;
    private final int maxEvaluationsPerTurn;
    /** The gate sets seen last, each with its gates' providers resolved and predicate gates prepared. */
    private final AtomicReferenceArray<PreparedGates> prepared = new AtomicReferenceArray<>(PREPARED_SETS);
    private final AtomicInteger nextSlot = new AtomicInteger();

    DefaultGateRunner(AuditLog audit, Map<String, GateCheckProvider> providers, int maxEvaluationsPerTurn) {
        this.audit = audit;
        this.providers = Map.copyOf(providers);
        this.maxEvaluationsPerTurn = maxEvaluationsPerTurn;
    }

    /**
     * The prepared form of {@code gates}: reused while the same list holds the same gate objects (gates are
     * immutable), else prepared again and kept in place of the oldest set.
     */
    private PreparedGates prepared(List<Gate> gates) {
        for (int i = 0; i < PREPARED_SETS; i++) {
            PreparedGates p = prepared.get(i);
            if (p != null && p.isFor(gates)) {
                return p;
            }
        }
        PreparedGates p = PreparedGates.of(gates, providers);
        prepared.set(Math.floorMod(nextSlot.getAndIncrement(), PREPARED_SETS), p);
        return p;
    }

    @Override
    public Session openTurn() {
        return new TurnSession(maxEvaluationsPerTurn);
    }

    @Override
    public Session openTurn(int maxEvaluations) {
        if (maxEvaluations < 1) {
            throw SilasException.invalid("max_evaluations", "must be > 0");
        }
        return new TurnSession(Math.min(maxEvaluations, maxEvaluationsPerTurn));
    }

    /** One turn: the shared evaluation budget. */
    private final class TurnSession implements Session {
        private final AtomicInteger used = new AtomicInteger();
        private final int cap;

        TurnSession(int cap) {
            this.cap = cap;
        }

        @Override
        public GateEvaluation checkGates(List<Gate> gates, GateTrigger trigger, GateContext ctx) {
            if (gates == null || trigger == null || ctx == null) {
                throw SilasException.invalid(gates == null ? "gates" : trigger == null ? "trigger" : "context",
                        "is required");
            }
            // Two passes over the prepared set in list order: the policy lane first, then the quality lane.
            // Every entry yields at most one result, so one array holds the policy lane (no list growth or copies).
            PreparedGates.Entry[] entries = prepared(gates).entries();
            GateResult[] policy = new GateResult[entries.length];
            int blocks = 0;
            int decided = 0;
            GateContext working = ctx;
            boolean anyQuality = false;
            for (PreparedGates.Entry entry : entries) {
                if (!fires(entry.gate(), trigger, ctx)) {
                    continue;
                }
                if (entry.gate().lane() != GateLane.POLICY) {
                    anyQuality = true;
                    continue;
                }
                GateResult r = runPolicy(entry, working);
                if (r.hasModifiedContext()) {
                    Merge merge = acceptMutations(entry.gate(), r, working);
                    working = merge.context();
                    r = merge.result();
                }
                policy[decided++] = recordBlock(r, blocks == 0, trigger, ctx.senderId());
                blocks += r.action() == GateAction.BLOCK ? 1 : 0;
            }
            if (!anyQuality) {
                return decided == 0 ? GateEvaluation.none(ctx)
                        : new GateEvaluation(lane(policy, decided), List.of(), working);
            }
            List<GateResult> quality = new ArrayList<>();
            for (PreparedGates.Entry entry : entries) {
                if (entry.gate().lane() == GateLane.POLICY || !fires(entry.gate(), trigger, ctx)) {
                    continue;
                }
                GateResult r = runQuality(entry, working, trigger);
                if (r.lane() == GateLane.POLICY) {
                    policy[decided++] = recordBlock(r, blocks == 0, trigger, ctx.senderId());
                    blocks += r.action() == GateAction.BLOCK ? 1 : 0;
                } else {
                    quality.add(r);
                }
            }
            return new GateEvaluation(lane(policy, decided), quality, working);
        }

        @Override
        public GateResult checkGate(Gate gate, GateContext ctx) {
            if (gate == null || ctx == null) {
                throw SilasException.invalid(gate == null ? "gate" : "context", "is required");
            }
            PreparedGates.Entry entry = PreparedGates.unprepared(gate, providers);
            GateResult r = gate.lane() == GateLane.POLICY
                    ? acceptMutations(gate, runPolicy(entry, ctx), ctx).result()
                    : runQuality(entry, ctx, gate.trigger());
            return recordBlock(r, true, gate.trigger(), ctx.senderId());
        }

        @Override
        public int evaluationsUsed() {
            return used.get();
        }

        @Override
        public int evaluationsRemaining() {
            return cap - used.get();
        }

        private boolean charge(Gate gate) {
            int n;
            do {
                n = used.get();
                if (n >= cap) {
                    audit.append(GateAuditEvents.GATE_EVAL_LIMIT_EXCEEDED,
                            Map.of("gate", gate.name(), "limit", cap));
                    return false;
                }
            } while (!used.compareAndSet(n, n + 1));
            return true;
        }

        /** Runs a policy gate; every failure is a block (fail closed). */
        private GateResult runPolicy(PreparedGates.Entry entry, GateContext ctx) {
            Gate gate = entry.gate();
            if (entry.check() == null) {
                return noProvider(gate);
            }
            if (!charge(gate)) {
                return overLimit(gate);
            }
            GateResult raw = invoke(entry, ctx, GateLane.POLICY);
            if (raw == null) {
                return GateResult.of(gate.name(), GateLane.POLICY, GateAction.BLOCK, "Gate check failed");
            }
            return normalize(raw, gate, GateLane.POLICY);
        }

        /** Runs a quality gate; failures continue with {@code llm_error}; a POLICY-lane result means "blocks". */
        private GateResult runQuality(PreparedGates.Entry entry, GateContext ctx, GateTrigger trigger) {
            Gate gate = entry.gate();
            if (entry.check() == null) {
                return noProvider(gate);
            }
            if (!charge(gate)) {
                return overLimit(gate);
            }
            GateResult raw = invoke(entry, ctx, GateLane.QUALITY);
            GateResult r = raw == null
                    ? GateResult.of(gate.name(), GateLane.QUALITY, GateAction.CONTINUE, "Quality check failed")
                            .withFlags(List.of(LLM_ERROR))
                    : enforceQuality(normalize(raw, gate, GateLane.QUALITY));
            AuditData data = AuditData.create();
            data.put("gate", gate.name());
            data.put("trigger", wire(trigger));
            data.put("flags", r.flags());
            if (r.score() != null) {
                data.put("score", r.score());
            }
            audit.append(GateAuditEvents.QUALITY_GATE_RESULT, data);
            return r;
        }

        private GateResult enforceQuality(GateResult r) {
            GateResult out = r;
            if (r.action() != GateAction.CONTINUE) {
                audit.append(GateAuditEvents.QUALITY_LANE_VIOLATION,
                        Map.of("gate", r.gateName(), "action", wire(r.action())));
                out = new GateResult(r.gateName(), GateLane.QUALITY, GateAction.CONTINUE, r.reason(), r.value(),
                        r.score(), r.flags(), Map.of());
            }
            if (r.hasModifiedContext()) {
                for (String key : r.modifiedContext().keySet()) {
                    rejected(r.gateName(), key, "quality-lane gates cannot rewrite the context");
                }
                out = out.withModifiedContext(Map.of());
            }
            return out;
        }

        private @Nullable GateResult invoke(PreparedGates.Entry entry, GateContext ctx, GateLane lane) {
            Gate gate = entry.gate();
            try {
                GateResult raw = entry.check().check(ctx);
                if (raw == null) {
                    providerError(gate, lane, "provider returned no result");
                }
                return raw;
            } catch (RuntimeException | LinkageError | StackOverflowError | AssertionError e) {
                providerError(gate, lane, e instanceof SilasException se ? se.code().id()
                        : e.getClass().getSimpleName());
                return null;
            }
        }

        private void providerError(Gate gate, GateLane lane, String error) {
            audit.append(GateAuditEvents.GATE_PROVIDER_ERROR, AuditData.create().put("gate", gate.name())
                    .put("provider", gate.provider()).put("lane", wire(lane)).put("error", error)
                    .put("error_code", ErrorCode.GATE_FAILURE.id()));
        }

        /** Filters a policy result's rewrite through the allowlist and applies the survivors left to right. */
        private Merge acceptMutations(Gate gate, GateResult r, GateContext ctx) {
            Map<String, JsonNode> proposed = r.modifiedContext();
            if (proposed.isEmpty()) {
                return new Merge(r, ctx);
            }
            Map<String, JsonNode> accepted = new LinkedHashMap<>();
            GateContext working = ctx;
            for (Map.Entry<String, JsonNode> e : proposed.entrySet()) {
                String key = e.getKey();
                var problem = GateContext.checkMutation(key, e.getValue());
                if (problem.isPresent()) {
                    rejected(gate.name(), key, problem.get());
                    continue;
                }
                GateContext next = working.apply(key, e.getValue());
                audit.append(GateAuditEvents.GATE_MUTATION, AuditData.create().put("gate", gate.name()).put("key", key)
                        .put("before_sha256", digest(working, key)).put("after_sha256", digest(next, key)));
                working = next;
                accepted.put(key, e.getValue());
            }
            return new Merge(r.withModifiedContext(accepted), working);
        }

        private void rejected(String gate, String key, String reason) {
            audit.append(GateAuditEvents.REJECTED_MUTATION, AuditData.create().put("gate", gate).put("key", key)
                    .reason(reason));
        }

        /** Audits a block; only the first block of an evaluation ({@code first}) escalates. */
        private GateResult recordBlock(GateResult r, boolean first, GateTrigger trigger, @Nullable String senderId) {
            if (r.action() == GateAction.BLOCK) {
                boolean escalates = first;
                AuditData data = AuditData.create();
                data.put("gate", r.gateName());
                data.reason(r.reason());
                data.put("trigger", wire(trigger));
                data.put("escalates", escalates);
                if (senderId != null) {
                    data.put("sender_id", senderId);
                }
                audit.append(GateAuditEvents.GATE_BLOCKED, data);
            }
            return r;
        }

        private GateResult noProvider(Gate gate) {
            return GateResult.of(gate.name(), GateLane.POLICY, GateAction.BLOCK, "No provider: " + gate.provider());
        }

        private GateResult overLimit(Gate gate) {
            return GateResult.of(gate.name(), GateLane.POLICY, GateAction.BLOCK,
                    "Gate evaluation limit reached (" + maxEvaluationsPerTurn + " per turn)");
        }
    }

    /** The first {@code count} results as an immutable list (which {@link GateEvaluation} keeps without a copy). */
    private static List<GateResult> lane(GateResult[] results, int count) {
        return List.of(count == results.length ? results : Arrays.copyOf(results, count));
    }

    /** Gates fire on their trigger; an {@code after_step} gate with a step index only after that step. */
    static boolean fires(Gate gate, GateTrigger trigger, GateContext ctx) {
        if (gate.trigger() != trigger) {
            return false;
        }
        return trigger != GateTrigger.AFTER_STEP || gate.afterStep() == null || ctx.stepIndex() == null
                || gate.afterStep().equals(ctx.stepIndex());
    }

    /** A provider's result re-labelled with the gate's own name and lane (providers cannot pick either). */
    private static GateResult normalize(GateResult raw, Gate gate, GateLane lane) {
        if (raw.gateName().equals(gate.name()) && raw.lane() == lane) {
            return raw;
        }
        return new GateResult(gate.name(), lane, raw.action(), raw.reason(), raw.value(), raw.score(), raw.flags(),
                raw.modifiedContext());
    }

    private static String digest(GateContext ctx, String key) {
        return ctx.value(key).map(v -> v.isTextual() ? Hashes.sha256Hex(v.textValue()) : Hashes.canonicalSha256Hex(v))
                .orElse("");
    }

    private static String wire(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private record Merge(GateResult result, GateContext context) {
    }
}
