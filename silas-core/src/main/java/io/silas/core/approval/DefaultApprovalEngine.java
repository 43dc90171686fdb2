package io.silas.core.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalCheck.Reason;
import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.CanonicalJson;
import io.silas.core.trust.Ed25519Verifier;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.WorkItemType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link ApprovalEngine} (behaviour and security notes there). Stateless apart from its
 * collaborators; thread-safety rests on the atomic {@link NonceStore#recordInOrder}.
 *
 * <p>With a nonce store that {@linkplain NonceStore#waitsOnStorage() waits on storage}, a consuming verification
 * that is the only one in progress has its Ed25519 signature checked on the {@code signatureChecks} executor while
 * the calling thread records the claim, so the store's commit (a disk sync) overlaps the check instead of following
 * it. When verifications run concurrently they keep the CPUs busy anyway (and share disk syncs through the store's
 * group commit), so each checks and then records on its own thread, as does a verification whose task the executor
 * refuses; the store's writer is always a running caller, never a queued helper. The claim is keyed by the
 * token's signature, so a copy with a forged signature claims a slot no genuine token uses; every outcome is decided
 * only after both have finished, signature failure first.
 */
final class DefaultApprovalEngine implements ApprovalEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultApprovalEngine.class);

    private final SigningKeys keys;
    private final Ed25519Verifier verifier;
    private final NonceStore nonces;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration ttl;
    private final int maxExecutions;
    private final Duration standingTtl;
    private final int standingMaxExecutions;
    private final IdGenerator tokenIds;
    private final IdGenerator nonceSource;
    private final @Nullable Executor signatureChecks;
    /** Consuming verifications in progress; only a lone one overlaps its signature check with its claim. */
    private final AtomicInteger consuming = new AtomicInteger();

    DefaultApprovalEngine(ApprovalEngineBuilder b) {
        this.keys = b.keys;
        this.verifier = Ed25519Verifier.create(b.keys.publicKey()).orElseThrow(() -> new SilasException(
                ErrorCode.CONFIG_INVALID, "the signing keys' public key is not a usable Ed25519 key"));
        this.nonces = b.nonceStore;
        this.audit = b.audit;
        this.clock = b.clock;
        this.ttl = b.ttl;
        this.maxExecutions = b.maxExecutions;
        this.standingTtl = b.standingTtlOrDefault();
        this.standingMaxExecutions = b.standingMaxExecutions;
        this.tokenIds = b.tokenIds;
        this.nonceSource = b.nonceSource;
        this.signatureChecks = b.signatureCheckExecutorOrDefault();
    }

    @Override
    public ApprovalToken issue(ApprovalSubject subject, ApprovalDecision decision, ApprovalScope scope) {
        required(subject, "subject");
        required(decision, "decision");
        required(scope, "scope");
        if (subject instanceof PlanSubject) {
            return issuePlan((PlanSubject) subject, decision, scope);
        }
        ApprovalScope fitting = proposalScope(subject);
        if (scope != fitting) {
            throw SilasException.invalid("scope", "a " + kind(subject) + " is approved only with scope "
                    + wire(fitting) + ", not " + wire(scope));
        }
        return mint(subject.subjectHash(), subject.subjectId(), scope, decision, decision.conditions());
    }

    private ApprovalToken issuePlan(PlanSubject item, ApprovalDecision decision, ApprovalScope scope) {
        if (scope == ApprovalScope.BATCH || scope == ApprovalScope.AUTONOMY_THRESHOLD) {
            throw SilasException.invalid("scope", wire(scope)
                    + " tokens bind a proposal, not a work item: use issueBatch / issueAutonomy");
        }
        Map<String, JsonNode> conditions = new LinkedHashMap<>(decision.conditions());
        if (scope == ApprovalScope.STANDING) {
            if (item.type() != WorkItemType.GOAL) {
                throw SilasException.invalid("scope", "standing approvals are issued for goals only, not for "
                        + wire(item.type()) + " " + item.id());
            }
            String policy = item.spawnPolicyHash();
            JsonNode given = conditions.get(ApprovalToken.SPAWN_POLICY_HASH);
            if (given != null && !(given.isTextual() && given.textValue().equals(policy))) {
                throw SilasException.invalid("conditions.spawn_policy_hash",
                        "does not match the spawn policy of goal " + item.id());
            }
            conditions.put(ApprovalToken.SPAWN_POLICY_HASH, TextNode.valueOf(policy));
        }
        return mint(item.subjectHash(), item.id(), scope, decision, conditions);
    }

    @Override
    public ApprovalCheck verify(ApprovalToken token, ApprovalSubject subject) {
        required(subject, "subject");
        if (subject instanceof PlanSubject) {
            return verify(token, (PlanSubject) subject, null);
        }
        return run(token, true, subject.subjectId(), () -> bindProposal(token, subject));
    }

    @Override
    public ApprovalCheck verify(ApprovalToken token, PlanSubject item, @Nullable PlanSubject spawnedTask) {
        required(item, "item");
        String subject = spawnedTask != null ? spawnedTask.id() : item.id();
        return run(token, true, subject, () -> bindForVerify(token, item, spawnedTask));
    }

    @Override
    public ApprovalCheck check(ApprovalToken token, ApprovalSubject subject) {
        required(subject, "subject");
        if (subject instanceof PlanSubject) {
            PlanSubject item = (PlanSubject) subject;
            return run(token, false, item.id(), () -> bindForCheck(token, item));
        }
        return run(token, false, subject.subjectId(), () -> bindProposal(token, subject));
    }

    @Override
    public ApprovalCheck enter(ApprovalToken token, PlanSubject item) {
        required(item, "item");
        return run(token, "enter", item.id(), () -> entry(token, item));
    }

    /** Execution entry: signature, verdict, scope, binding, validity, then (tasks and projects) one run claim. */
    private ApprovalToken entry(ApprovalToken token, PlanSubject item) {
        if (!authentic(token, token.signature())) {
            throw signatureInvalid(token);
        }
        requireApproved(token);
        if (token.scope() != ApprovalScope.FULL_PLAN && token.scope() != ApprovalScope.STANDING) {
            throw new Denied(Reason.SCOPE_MISMATCH, "token " + token.tokenId() + " has scope "
                    + token.scope().name().toLowerCase(java.util.Locale.ROOT) + ", which does not run a work item");
        }
        Instant now = clock.instant();
        if (item.type() == WorkItemType.GOAL) {
            String hash = item.subjectHash();
            bindPlan(token, item.id(), hash);
            validAt(token, now);
            return token.scope() == ApprovalScope.STANDING ? token : confirmConsumed(token, hash);
        }
        String hash = bindForCheck(token, item);
        validAt(token, now);
        confirmConsumed(token, hash);
        claimRun(token, hash, now);
        return token;
    }

    /**
     * Records that one verified execution of the token (an execution nonce recorded for this item's binding) started a
     * run, in domain {@value NonceStore#DOMAIN_RUN}; denies when every such execution already started one.
     */
    private void claimRun(ApprovalToken token, String bindingHash, Instant now) {
        try {
            for (String executionNonce : token.executionNonces()) {
                if (nonces.isUsed(NonceStore.DOMAIN_EXECUTION, executionBinding(token, bindingHash, executionNonce))
                        && nonces.recordIfAbsent(NonceStore.DOMAIN_RUN, token.nonce() + ":" + executionNonce, now)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Nonce store failed while entering a run of approval token {} ({}); denying", token.tokenId(),
                    e.getClass().getSimpleName());
            throw new Denied(Reason.NONCE_STORE_UNAVAILABLE, "the nonce store failed; no run of token "
                    + token.tokenId() + " was started");
        }
        throw new Denied(Reason.ALREADY_RUN, "every execution token " + token.tokenId() + " approved ("
                + token.executionsUsed() + " of " + token.maxExecutions() + ") already started a run");
    }

    private ApprovalToken mint(String hash, String id, ApprovalScope scope, ApprovalDecision decision,
                               Map<String, JsonNode> conditions) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean standing = scope == ApprovalScope.STANDING;
        ApprovalToken unsigned = new ApprovalToken(tokenIds.next(), hash, id, scope, decision.verdict(),
                nonceSource.next(), decision.approvalStrength(), now, now.plus(standing ? standingTtl : ttl),
                standing ? standingMaxExecutions : maxExecutions, conditions, null, 0, List.of());
        ApprovalToken signed = unsigned.withSignature(keys.sign(CanonicalJson.bytes(unsigned.signedPayload())));
        audit.append(EVENT_ISSUED, baseData(signed).put("verdict", wire(decision.verdict())).put("plan_hash", hash)
                .put("expires_at", signed.expiresAt().toString()).put("max_executions", signed.maxExecutions()));
        return signed;
    }

    /** The pipeline shared by every verify and check; {@code binder} returns the execution binding hash. */
    private ApprovalCheck run(ApprovalToken token, boolean consume, String subjectId, Binder binder) {
        return run(token, consume ? "verify" : "check", subjectId,
                () -> consume ? consume(token, binder) : confirm(token, binder));
    }

    private ApprovalCheck run(ApprovalToken token, String operation, String subjectId, Step step) {
        required(token, "token");
        try {
            ApprovalToken result = step.apply();
            audit.append(EVENT_VERIFIED, baseData(result).put("operation", operation).put("subject_id", subjectId)
                    .put("executions_used", result.executionsUsed()).put("max_executions", result.maxExecutions()));
            return ApprovalCheck.valid(result);
        } catch (Denied d) {
            audit.append(EVENT_DENIED, baseData(token).put("operation", operation).put("subject_id", subjectId)
                    .reason(d.reason.wire()));
            LOG.debug("Approval token {} denied for {}: {}", token.tokenId(), subjectId, d.reason.wire());
            return ApprovalCheck.denied(d.reason, d.getMessage());
        }
    }

    /** Non-consuming: steps 1-5 in order, then proof of an earlier consumption. */
    private ApprovalToken confirm(ApprovalToken token, Binder binder) {
        if (!authentic(token, token.signature())) {
            throw signatureInvalid(token);
        }
        requireApproved(token);
        String bindingHash = binder.bind();
        validAt(token, clock.instant());
        return confirmConsumed(token, bindingHash);
    }

    /**
     * Consuming: steps 2-6 first (cheap, no I/O); then, for the only verification in progress, the signature is
     * checked on the executor while this thread records the claim, else the check comes first and the claim is
     * recorded only for a valid signature. The first failure in the documented order decides.
     */
    private ApprovalToken consume(ApprovalToken token, Binder binder) {
        boolean alone = consuming.incrementAndGet() == 1;
        try {
            return consume(token, binder, alone);
        } finally {
            consuming.decrementAndGet();
        }
    }

    private ApprovalToken consume(ApprovalToken token, Binder binder, boolean alone) {
        byte[] signature = token.signature();
        Denied early = null;
        Claim claim = null;
        try {
            requireApproved(token);
            String bindingHash = binder.bind();
            Instant now = clock.instant();
            validAt(token, now);
            if (signature.length == ApprovalToken.SIGNATURE_LENGTH) {
                claim = new Claim(token, signature, bindingHash, now);
            }
        } catch (Denied d) {
            early = d;
        }
        CompletableFuture<Boolean> check = claim == null || !alone ? null : checkConcurrently(token, signature);
        if (check == null) {
            if (!authentic(token, signature)) {
                throw signatureInvalid(token);
            }
            if (early != null) {
                throw early;
            }
            Claim checked = java.util.Objects.requireNonNull(claim);
            return checked.consumedCopy(checked.record());
        }
        Integer recorded = claim.record();
        if (!check.handle((authentic, failure) -> failure == null && authentic).join()) {
            throw signatureInvalid(token);
        }
        return claim.consumedCopy(recorded);
    }

    /** The signature check started on the executor; null without one or when it refuses the task. */
    private @Nullable CompletableFuture<Boolean> checkConcurrently(ApprovalToken token, byte[] signature) {
        Executor executor = signatureChecks;
        if (executor == null) {
            return null;
        }
        try {
            return CompletableFuture.supplyAsync(() -> authentic(token, signature), executor);
        } catch (RuntimeException e) {
            return null; // refused: check here
        }
    }

    private boolean authentic(ApprovalToken token, byte[] signature) {
        return verifier.verify(CanonicalJson.bytes(token.signedPayload()), signature);
    }

    private static Denied signatureInvalid(ApprovalToken token) {
        return new Denied(Reason.SIGNATURE_INVALID, "token " + token.tokenId()
                + " does not carry a valid signature by the owner key over its signed fields");
    }

    private static void requireApproved(ApprovalToken token) {
        if (token.verdict() != ApprovalVerdict.APPROVED) {
            throw new Denied(Reason.VERDICT_NOT_APPROVED, "token " + token.tokenId() + " has verdict "
                    + token.verdict().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static void validAt(ApprovalToken token, Instant now) {
        if (now.isBefore(token.issuedAt())) {
            throw new Denied(Reason.NOT_YET_VALID, "token " + token.tokenId() + " is issued in the future");
        }
        if (token.expiredAt(now)) {
            throw new Denied(Reason.EXPIRED, "token " + token.tokenId() + " expired at " + token.expiresAt());
        }
    }

    private static String bindForVerify(ApprovalToken token, PlanSubject item, @Nullable PlanSubject spawned) {
        requireWorkItemScope(token);
        if (token.scope() == ApprovalScope.STANDING) {
            if (spawned == null) {
                throw new Denied(Reason.STANDING_REQUIRES_SPAWNED_TASK,
                        "standing token " + token.tokenId() + " verifies only together with a spawned task");
            }
            bindPlan(token, item.id(), item.subjectHash());
            return bindSpawned(token, spawned);
        }
        if (spawned != null) {
            throw new Denied(Reason.SCOPE_MISMATCH, "only a standing token authorises a spawned task; token "
                    + token.tokenId() + " has scope " + token.scope().name().toLowerCase(java.util.Locale.ROOT));
        }
        String hash = item.subjectHash();
        bindPlan(token, item.id(), hash);
        return hash;
    }

    private static String bindForCheck(ApprovalToken token, PlanSubject item) {
        requireWorkItemScope(token);
        if (token.scope() == ApprovalScope.STANDING) {
            return bindSpawned(token, item);
        }
        String hash = item.subjectHash();
        bindPlan(token, item.id(), hash);
        return hash;
    }

    private static String bindProposal(ApprovalToken token, ApprovalSubject subject) {
        ApprovalScope scope = proposalScope(subject);
        if (token.scope() != scope) {
            throw new Denied(Reason.SCOPE_MISMATCH, "token " + token.tokenId() + " has scope "
                    + wire(token.scope()) + ", expected " + wire(scope));
        }
        String hash = subject.subjectHash();
        bindPlan(token, subject.subjectId(), hash);
        return hash;
    }

    /** The only scope that approves a batch or an autonomy proposal. */
    private static ApprovalScope proposalScope(ApprovalSubject subject) {
        return subject instanceof BatchSubject ? ApprovalScope.BATCH : ApprovalScope.AUTONOMY_THRESHOLD;
    }

    private static String kind(ApprovalSubject subject) {
        return subject instanceof BatchSubject ? "batch" : "autonomy proposal";
    }

    private static String wire(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void requireWorkItemScope(ApprovalToken token) {
        if (token.scope() == ApprovalScope.BATCH || token.scope() == ApprovalScope.AUTONOMY_THRESHOLD) {
            throw new Denied(Reason.SCOPE_MISMATCH, "token " + token.tokenId() + " approves a "
                    + token.scope().name().toLowerCase(java.util.Locale.ROOT) + " proposal, not a work item");
        }
    }

    private static void bindPlan(ApprovalToken token, String id, String hash) {
        if (!token.workItemId().equals(id)) {
            throw new Denied(Reason.WORK_ITEM_MISMATCH, "token " + token.tokenId() + " approves "
                    + token.workItemId() + ", not " + id);
        }
        if (!token.planHash().equals(hash)) {
            throw new Denied(Reason.PLAN_HASH_MISMATCH, "the plan of " + id
                    + " changed since token " + token.tokenId() + " approved it");
        }
    }

    /** Parent and spawn-policy binding of a standing token; returns the spawned task's plan hash. */
    private static String bindSpawned(ApprovalToken token, PlanSubject spawned) {
        if (!token.workItemId().equals(spawned.parent())) {
            throw new Denied(Reason.SPAWNED_PARENT_MISMATCH, "spawned item " + spawned.id() + " has parent "
                    + spawned.parent() + ", but standing token " + token.tokenId() + " approves " + token.workItemId());
        }
        if (spawned.type() != WorkItemType.TASK) {
            throw new Denied(Reason.SPAWN_POLICY_MISMATCH, "a standing token authorises spawned tasks only, not "
                    + spawned.type().name().toLowerCase(java.util.Locale.ROOT) + " " + spawned.id());
        }
        if (!token.spawnPolicyHash().orElse("").equals(spawned.spawnPolicyHash())) {
            throw new Denied(Reason.SPAWN_POLICY_MISMATCH, "the failure template, skills, gates, checks or "
                    + "escalation of spawned task " + spawned.id() + " differ from the policy standing token "
                    + token.tokenId() + " approves");
        }
        return spawned.subjectHash();
    }

    /**
     * The next execution slot and a fresh execution nonce, recorded in one atomic step, slot first (so that a losing
     * verification never leaves an execution record behind that a forged copy could point check() at). A slot already
     * recorded under the key of earlier releases (without the signature) counts as claimed.
     */
    private final class Claim {
        private final ApprovalToken token;
        private final int slot;
        private final String executionNonce;
        private final List<String> bindings;
        private final String legacySlotKey;
        private final Instant at;

        Claim(ApprovalToken token, byte[] signature, String bindingHash, Instant at) {
            if (token.executionsUsed() >= token.maxExecutions()) {
                throw new Denied(Reason.EXECUTIONS_EXHAUSTED, "token " + token.tokenId() + " has used all "
                        + token.maxExecutions() + " executions");
            }
            this.token = token;
            this.slot = token.executionsUsed() + 1;
            this.executionNonce = nonceSource.next();
            String slotKey = slotBinding(token.nonce(), slot, signature);
            this.bindings = token.executionNonces().contains(executionNonce)
                    ? List.of(slotKey) : List.of(slotKey, executionBinding(token, bindingHash, executionNonce));
            this.legacySlotKey = "slot:" + token.nonce() + ":" + slot;
            this.at = at;
        }

        /**
         * Records the claim on the calling thread: how many of the bindings were recorded (0: the slot was taken; 1:
         * the nonce was), or null when the store failed.
         */
        @Nullable Integer record() {
            try {
                return nonces.isUsed(NonceStore.DOMAIN_EXECUTION, legacySlotKey)
                        ? 0 : nonces.recordInOrder(NonceStore.DOMAIN_EXECUTION, bindings, at);
            } catch (RuntimeException e) {
                LOG.warn("Nonce store failed while consuming approval token {} ({}); denying", token.tokenId(),
                        e.getClass().getSimpleName());
                return null;
            }
        }

        ApprovalToken consumedCopy(@Nullable Integer recorded) {
            if (recorded == null) {
                throw new Denied(Reason.NONCE_STORE_UNAVAILABLE, "the nonce store failed; token " + token.tokenId()
                        + " was not consumed");
            }
            if (recorded == 0) {
                throw new Denied(Reason.EXECUTION_ALREADY_CLAIMED, "execution " + slot + " of token "
                        + token.tokenId() + " was already consumed (stale token copy or concurrent verification)");
            }
            if (recorded < 2) {
                throw new Denied(Reason.NONCE_REPLAYED, "execution nonce of token " + token.tokenId()
                        + " was already used; execution " + slot + " stays consumed");
            }
            return token.withConsumedExecution(executionNonce);
        }
    }

    private ApprovalToken confirmConsumed(ApprovalToken token, String bindingHash) {
        if (token.executionsUsed() < 1) {
            throw new Denied(Reason.NOT_CONSUMED, "token " + token.tokenId() + " was never verified");
        }
        try {
            for (String executionNonce : token.executionNonces()) {
                if (nonces.isUsed(NonceStore.DOMAIN_EXECUTION, executionBinding(token, bindingHash, executionNonce))) {
                    return token;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Nonce store failed while checking approval token {} ({}); denying", token.tokenId(),
                    e.getClass().getSimpleName());
            throw new Denied(Reason.NONCE_STORE_UNAVAILABLE, "the nonce store failed while checking token "
                    + token.tokenId());
        }
        throw new Denied(Reason.NOT_CONSUMED, "no recorded execution of token " + token.tokenId()
                + " authorises this work item");
    }

    /** docs/contracts.md#keys-approvals-and-nonces execution binding: {@code {token_id}:{plan_or_spawned_hash}:{execution nonce}}. */
    static String executionBinding(ApprovalToken token, String bindingHash, String executionNonce) {
        return token.tokenId() + ":" + bindingHash + ":" + executionNonce;
    }

    /**
     * The execution slot: the signed token nonce (so that no unsigned field can open new slots) and the signature (a
     * genuine token has exactly one valid signature, so a copy with a forged one claims a slot nobody else uses).
     */
    static String slotBinding(String tokenNonce, int slot, byte[] signature) {
        return "slot:" + tokenNonce + ":" + slot + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static AuditData baseData(ApprovalToken token) {
        return AuditData.create().token(token.tokenId()).workItem(token.workItemId()).put("scope", wire(token.scope()));
    }

    private static void required(@Nullable Object value, String field) {
        if (value == null) {
            throw SilasException.invalid(field, "must not be null");
        }
    }

    /** Computes the binding; throws {@link Denied}. */
    @FunctionalInterface
    private interface Binder {
        String bind();
    }

    /** One verification operation; throws {@link Denied} to deny. */
    private interface Step {
        ApprovalToken apply();
    }

    /** Internal control flow of a denial; never escapes this class. */
    private static final class Denied extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Reason reason;

        Denied(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
