package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.limit.RateLimiter;
import io.silas.core.limit.SharedBuckets;
import java.time.Clock;

import org.jspecify.annotations.Nullable;

/**
 * The Stream's rate limits (docs/contracts.md#admission-and-rate-limits, config {@code limits}), each a Bucket4j {@link
 * RateLimiter} on the Stream's clock: inbound messages per scope, per client address and in total; LLM calls per scope;
 * memory ops per scope; card submissions per scope. Every violation is audited once as a security event ({@value
 * RateLimiter#EVENT_RATE_LIMITED}, data from {@link RateLimiter#violation}); the caller answers it with a deterministic
 * safe reply. With {@link SharedBuckets} every bucket lives in the shared backend, so a cluster of
 * JVMs enforces each limit once. Thread-safe.
 */
final class RateLimits {
    private final RateLimiter inboundScope;
    private final RateLimiter inboundAddress;
    private final RateLimiter inboundTotal;
    private final RateLimiter llm;
    private final RateLimiter memoryOps;
    private final RateLimiter cardSubmissions;
    private final AuditLog audit;

    RateLimits(SilasConfig.Limits limits, Clock clock, AuditLog audit, @Nullable SharedBuckets shared) {
        this.inboundScope = RateLimiter.perMinute("ws_messages_per_minute_per_scope",
                limits.wsMessagesPerMinutePerScope(), clock, shared);
        this.inboundAddress = RateLimiter.perMinute("ws_messages_per_minute_per_ip",
                limits.wsMessagesPerMinutePerIp(), clock, shared);
        this.inboundTotal = RateLimiter.perMinute("messages_per_minute_total", limits.messagesPerMinuteTotal(), clock,
                shared);
        this.llm = RateLimiter.perMinute("llm_calls_per_minute_per_scope", limits.llmCallsPerMinutePerScope(), clock,
                shared);
        this.memoryOps = RateLimiter.perMinute("memory_ops_per_minute_per_scope",
                limits.memoryOpsPerMinutePerScope(), clock, shared);
        this.cardSubmissions = RateLimiter.perMinute("card_submissions_per_minute_per_scope",
                limits.cardSubmissionsPerMinutePerScope(), clock, shared);
        this.audit = audit;
    }

    /**
     * Charges one inbound message to its scope, then its client address (when the host passed one), then the global
     * budget — stopping at the first limit exceeded, so a flooding scope burns only its own bucket. Owner traffic is
     * never refused by the global budget (non-owner traffic is shed first).
     *
     * @return whether the message may be admitted; a refusal is audited
     */
    boolean inbound(String scopeId, String connectionId, @Nullable String address, boolean owner) {
        if (!inboundScope.tryAcquire(scopeId)) {
            return refused(inboundScope, AuditData.SCOPE_ID, scopeId, connectionId);
        }
        if (address != null && !inboundAddress.tryAcquire(address)) {
            return refused(inboundAddress, "client_address", address, connectionId);
        }
        if (!inboundTotal.tryAcquire("total") && !owner) {
            return refused(inboundTotal, AuditData.SCOPE_ID, scopeId, connectionId);
        }
        return true;
    }

    /** Charges one LLM call to the scope; a refusal is audited and the caller uses the agent's fallback. */
    boolean llmCall(String scopeId, int turn) {
        if (llm.tryAcquire(scopeId)) {
            return true;
        }
        audit.append(RateLimiter.EVENT_RATE_LIMITED, AuditData.create()
                .putAll(llm.violation(AuditData.SCOPE_ID, scopeId, ErrorCode.ADMISSION_RATE_LIMITED)).turn(turn));
        return false;
    }

    /**
     * Charges up to {@code wanted} memory ops to the scope.
     *
     * @return how many may run; fewer than wanted is audited
     */
    int memoryOps(String scopeId, int turn, int wanted) {
        int granted = memoryOps.acquireUpTo(scopeId, wanted);
        if (granted < wanted) {
            audit.append(RateLimiter.EVENT_RATE_LIMITED, AuditData.create()
                    .putAll(memoryOps.violation(AuditData.SCOPE_ID, scopeId, ErrorCode.ADMISSION_RATE_LIMITED))
                    .turn(turn).put("requested", wanted).put("allowed", granted));
        }
        return granted;
    }

    /** Charges one card submission to the scope; whether it was within the limit (a refusal is not audited here). */
    boolean cardSubmission(String scopeId) {
        return cardSubmissions.tryAcquire(scopeId);
    }

    /** Audits a card submission refused by the limit. */
    void cardSubmissionRefused(String scopeId, String connectionId) {
        refused(cardSubmissions, AuditData.SCOPE_ID, scopeId, connectionId);
    }

    private boolean refused(RateLimiter limiter, String keyField, String key, String connectionId) {
        audit.append(RateLimiter.EVENT_RATE_LIMITED, AuditData.create()
                .putAll(limiter.violation(keyField, key, ErrorCode.ADMISSION_RATE_LIMITED)).connection(connectionId));
        return false;
    }
}
