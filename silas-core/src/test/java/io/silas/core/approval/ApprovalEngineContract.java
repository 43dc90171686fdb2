package io.silas.core.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.approval.ApprovalCheck.Reason;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.proactivity.AutonomyDirection;
import io.silas.core.proactivity.AutonomyThresholdChange;
import io.silas.core.proactivity.AutonomyThresholdKey;
import io.silas.core.proactivity.AutonomyThresholdProposal;
import io.silas.core.proactivity.BatchProposal;
import io.silas.core.proactivity.ProactivitySamples;
import io.silas.core.proactivity.ProposalHashes;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.NonceRetention;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.PlanHashes;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkSamples;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Behaviour and adversarial suite of the default {@link ApprovalEngine}, run against every {@link NonceStore}
 * (and audit log) implementation by subclassing: each subclass supplies {@link #newNonceStore()}. Every denial
 * must carry the precise reason; nothing may execute on a token that was tampered with, replayed, expired or
 * presented for another plan.
 */
public abstract class ApprovalEngineContract {
    protected static final Instant START = Instant.parse("2026-02-01T12:00:00Z");

    protected MutableClock clock;
    protected NonceStore nonces;
    protected AuditLog audit;
    protected SigningKeys keys;
    protected ApprovalEngine engine;
    private ExecutorService pool;

    /** The nonce store under test (a fresh, empty one per test). */
    protected abstract NonceStore newNonceStore();

    /** The audit log under test; in memory unless overridden. */
    protected AuditLog newAuditLog(Clock auditClock) {
        return AuditLog.inMemory(auditClock);
    }

    @BeforeEach
    void setUpEngine() {
        clock = new MutableClock(START);
        nonces = newNonceStore();
        audit = newAuditLog(clock);
        keys = SigningKeys.generate();
        engine = builder().standingMaxExecutions(3).build();
    }

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    protected ApprovalEngineBuilder builder() {
        return ApprovalEngine.builder().signingKeys(keys).nonceStore(nonces).audit(audit).clock(clock);
    }

    static WorkItem task() {
        return WorkSamples.fullTask();
    }

    static WorkItem goal() {
        return WorkSamples.healthGoal();
    }

    /** A fix task spawned from a goal the way the goal cycle does it: the policy fields are copied. */
    static WorkItem spawned(WorkItem goal, String id, String failedChecks) {
        String template = goal.failureContext() == null ? "" : goal.failureContext();
        return WorkItem.builder(id, WorkItemType.TASK, "Fix: " + goal.title()).parent(goal.id()).spawnedBy(goal.id())
                .body(template.replace("$failed_checks", failedChecks)).failureContext(goal.failureContext())
                .skills(goal.skills()).gates(goal.gates()).verify(goal.verify()).escalation(goal.escalation())
                .onFailure(goal.onFailure()).budget(goal.budget()).build();
    }

    private ApprovalToken issueTask() {
        return engine.issue(task(), ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
    }

    private ApprovalToken issueStanding() {
        return engine.issue(goal(), ApprovalDecision.approved(), ApprovalScope.STANDING);
    }

    @org.junit.jupiter.api.Nested
    class Enter {
        @Test
        void enter_eachVerifiedExecutionStartsOneRun() {
            ApprovalEngine twice = builder().maxExecutions(2).build();
            WorkItem item = task();
            ApprovalToken once = twice.verify(twice.issue(item, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN),
                    item, null).orThrow();

            assertThat(twice.enter(once, item).valid()).isTrue();
            assertDenied(twice.enter(once, item), Reason.ALREADY_RUN);
            ApprovalToken again = twice.verify(once, item, null).orThrow();
            assertThat(twice.enter(again, item).valid()).isTrue();
            assertDenied(twice.enter(again, item), Reason.ALREADY_RUN);
        }

        @Test
        void enter_neverVerified_notConsumed() {
            assertDenied(engine.enter(issueTask(), task()), Reason.NOT_CONSUMED);
        }

        @Test
        void enter_forgedForeignExpired_denied() {
            WorkItem item = task();
            ApprovalEngine other = ApprovalEngine.builder().signingKeys(SigningKeys.generate()).nonceStore(nonces)
                    .audit(audit).clock(clock).build();
            ApprovalToken forged = other.verify(other.issue(item, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN),
                    item, null).orThrow();
            assertDenied(engine.enter(forged, item), Reason.SIGNATURE_INVALID);

            ApprovalToken genuine = engine.verify(issueTask(), item, null).orThrow();
            assertDenied(engine.enter(genuine, item.toBuilder().id("another").build()), Reason.WORK_ITEM_MISMATCH);
            assertDenied(engine.enter(genuine, item.toBuilder().body("changed").build()), Reason.PLAN_HASH_MISMATCH);
            clock.advance(java.time.Duration.ofDays(1));
            assertDenied(engine.enter(genuine, item), Reason.EXPIRED);
        }

        @Test
        void enter_goalWithStandingToken_checkedWithoutClaim() {
            ApprovalToken standing = issueStanding();
            assertThat(engine.enter(standing, goal()).valid()).isTrue();
            assertThat(engine.enter(standing, goal()).valid()).isTrue();
            assertDenied(engine.enter(standing, goal().toBuilder().title("other goal").build()),
                    Reason.PLAN_HASH_MISMATCH);
        }

        @Test
        void enter_batchToken_scopeMismatch() {
            ApprovalToken batch = engine.issueBatch(io.silas.core.proactivity.ProactivitySamples.batch(),
                    ApprovalDecision.approved());
            assertDenied(engine.enter(batch, task()), Reason.SCOPE_MISMATCH);
        }
    }

    private static void assertDenied(ApprovalCheck check, Reason reason) {
        assertThat(check.reason()).as(check.message()).isEqualTo(reason);
        assertThat(check.valid()).isFalse();
        assertThat(check.token()).isNull();
    }

    private static ApprovalToken assertValid(ApprovalCheck check) {
        assertThat(check.reason()).as(check.message()).isEqualTo(Reason.VALID);
        return check.orThrow();
    }

    @Nested
    class Issue {
        @Test
        void issue_singleUse_bindsPlanHashWithTapTtlAndOneExecution() {
            ApprovalToken token = issueTask();

            assertThat(token.planHash()).isEqualTo(PlanHashes.planHash(task()));
            assertThat(token.workItemId()).isEqualTo(task().id());
            assertThat(token.scope()).isEqualTo(ApprovalScope.FULL_PLAN);
            assertThat(token.verdict()).isEqualTo(ApprovalVerdict.APPROVED);
            assertThat(token.approvalStrength()).isEqualTo(ApprovalStrength.TAP);
            assertThat(token.issuedAt()).isEqualTo(START);
            assertThat(token.expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(30)));
            assertThat(token.maxExecutions()).isEqualTo(1);
            assertThat(token.executionsUsed()).isZero();
            assertThat(token.executionNonces()).isEmpty();
            assertThat(token.nonce()).matches("[0-9a-f]{32}");
            assertThat(SigningKeys.verify(keys.publicKey(), io.silas.core.json.CanonicalJson.bytes(token.signedPayload()),
                    token.signature())).isTrue();
        }

        @Test
        void issue_twice_freshTokenIdsAndNonces() {
            ApprovalToken a = issueTask();
            ApprovalToken b = issueTask();

            assertThat(a.tokenId()).isNotEqualTo(b.tokenId());
            assertThat(a.nonce()).isNotEqualTo(b.nonce());
        }

        @Test
        void issue_ttlFromConfig() {
            ApprovalEngine configured = ApprovalEngine.builder().signingKeys(keys).nonceStore(nonces).audit(audit)
                    .clock(clock).config(new io.silas.core.config.SilasConfig.Approval(5, 1)).build();

            ApprovalToken token = configured.issue(task(), ApprovalDecision.approved(), ApprovalScope.SINGLE_STEP);

            assertThat(token.expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
            assertThat(token.scope()).isEqualTo(ApprovalScope.SINGLE_STEP);
        }

        @Test
        void issue_standing_embedsSpawnPolicyHashAndStandingExecutions() {
            ApprovalToken token = issueStanding();

            assertThat(token.spawnPolicyHash()).contains(PlanHashes.spawnPolicyHash(goal()));
            assertThat(token.planHash()).isEqualTo(PlanHashes.planHash(goal()));
            assertThat(token.maxExecutions()).isEqualTo(3);
        }

        @Test
        void issue_standingWithMatchingPolicyCondition_keepsUserConditions() {
            Map<String, JsonNode> conditions = new LinkedHashMap<>();
            conditions.put(ApprovalToken.SPAWN_POLICY_HASH, TextNode.valueOf(PlanHashes.spawnPolicyHash(goal())));
            conditions.put("note", TextNode.valueOf("weekdays only"));
            ApprovalDecision decision = new ApprovalDecision(ApprovalVerdict.APPROVED, ApprovalStrength.TAP, conditions);

            ApprovalToken token = engine.issue(goal(), decision, ApprovalScope.STANDING);

            assertThat(token.conditions()).containsEntry("note", TextNode.valueOf("weekdays only"));
        }

        @Test
        void issue_standingWithForeignPolicyCondition_rejected() {
            ApprovalDecision decision = new ApprovalDecision(ApprovalVerdict.APPROVED, ApprovalStrength.TAP,
                    Map.of(ApprovalToken.SPAWN_POLICY_HASH, TextNode.valueOf(ApprovalSamples.HASH_B)));

            assertThatThrownBy(() -> engine.issue(goal(), decision, ApprovalScope.STANDING))
                    .isInstanceOf(SilasException.class).hasMessageContaining("spawn_policy_hash")
                    .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
        }

        @Test
        void issue_standingForTask_rejected() {
            assertThatThrownBy(() -> engine.issue(task(), ApprovalDecision.approved(), ApprovalScope.STANDING))
                    .isInstanceOf(SilasException.class).hasMessageContaining("goals only");
        }

        @Test
        void issue_proposalScopesForWorkItem_rejected() {
            assertThatThrownBy(() -> engine.issue(task(), ApprovalDecision.approved(), ApprovalScope.BATCH))
                    .isInstanceOf(SilasException.class).hasMessageContaining("issueBatch");
            assertThatThrownBy(() -> engine.issue(task(), ApprovalDecision.approved(), ApprovalScope.AUTONOMY_THRESHOLD))
                    .isInstanceOf(SilasException.class).hasMessageContaining("issueAutonomy");
        }

        @ParameterizedTest
        @ValueSource(strings = {"DECLINED", "EDIT_REQUESTED", "CONDITIONAL"})
        void issue_notApproved_signedTokenNeverVerifies(String verdict) {
            ApprovalDecision decision = new ApprovalDecision(ApprovalVerdict.valueOf(verdict), ApprovalStrength.TAP, Map.of());

            ApprovalToken token = engine.issue(task(), decision, ApprovalScope.FULL_PLAN);

            assertThat(token.verdict()).isEqualTo(ApprovalVerdict.valueOf(verdict));
            assertDenied(engine.verify(token, task(), null), Reason.VERDICT_NOT_APPROVED);
            assertDenied(engine.check(token, task()), Reason.VERDICT_NOT_APPROVED);
        }

        @Test
        void issue_audited_withoutSignature() {
            ApprovalToken token = issueTask();

            List<AuditEntry> issued = audit.findByEvent(ApprovalEngine.EVENT_ISSUED);
            assertThat(issued).hasSize(1);
            assertThat(issued.get(0).data().get("token_id").asText()).isEqualTo(token.tokenId());
            assertThat(issued.get(0).data().get("verdict").asText()).isEqualTo("approved");
            assertThat(issued.get(0).data().toString()).doesNotContain(
                    java.util.Base64.getEncoder().encodeToString(token.signature()));
        }
    }

    @Nested
    class Verify {
        @Test
        void verify_freshToken_returnsConsumedCopyAndRecordsExecution() {
            ApprovalToken token = issueTask();

            ApprovalToken consumed = assertValid(engine.verify(token, task(), null));

            assertThat(consumed.executionsUsed()).isEqualTo(1);
            assertThat(consumed.executionNonces()).hasSize(1);
            String executionNonce = consumed.executionNonces().get(0);
            assertThat(executionNonce).matches("[0-9a-f]{32}");
            assertThat(nonces.isUsed(NonceStore.DOMAIN_EXECUTION,
                    token.tokenId() + ":" + token.planHash() + ":" + executionNonce)).isTrue();
            assertThat(consumed.signature()).isEqualTo(token.signature());
            assertThat(consumed.withSignature(token.signature()).signedPayload()).isEqualTo(token.signedPayload());
            assertThat(audit.findByEvent(ApprovalEngine.EVENT_VERIFIED)).hasSize(1);
        }

        @Test
        void verify_consumedCopy_executionsExhausted() {
            ApprovalToken consumed = assertValid(engine.verify(issueTask(), task(), null));

            assertDenied(engine.verify(consumed, task(), null), Reason.EXECUTIONS_EXHAUSTED);
        }

        @Test
        void verify_runtimeFieldsOfItemChanged_stillValid() {
            WorkItem running = task().toBuilder().status(io.silas.core.work.WorkItemStatus.RUNNING).attempts(2)
                    .needsApproval(false).build();

            assertValid(engine.verify(issueTask(), running, null));
        }

        @Test
        void verify_planChanged_planHashMismatch() {
            WorkItem widened = task().toBuilder().skills(List.of("coding", "git", "shell")).build();

            assertDenied(engine.verify(issueTask(), widened, null), Reason.PLAN_HASH_MISMATCH);
        }

        @Test
        void verify_otherWorkItem_workItemMismatch() {
            WorkItem other = task().toBuilder().id("task-other").build();

            assertDenied(engine.verify(issueTask(), other, null), Reason.WORK_ITEM_MISMATCH);
        }

        @Test
        void verify_singleUseTokenWithSpawnedTask_scopeMismatch() {
            assertDenied(engine.verify(issueTask(), task(), spawned(goal(), "fix-1", "x")), Reason.SCOPE_MISMATCH);
        }

        @Test
        void verify_proposalTokensForWorkItem_scopeMismatch() {
            ApprovalToken batch = engine.issueBatch(ProactivitySamples.batch(), ApprovalDecision.approved());

            assertDenied(engine.verify(batch, task(), null), Reason.SCOPE_MISMATCH);
            assertDenied(engine.check(batch, task()), Reason.SCOPE_MISMATCH);
            assertDenied(engine.verifyBatch(issueTask(), ProactivitySamples.batch()), Reason.SCOPE_MISMATCH);
            assertDenied(engine.verifyAutonomy(batch, ProactivitySamples.widenProposal()), Reason.SCOPE_MISMATCH);
        }

        @Test
        void verify_persistedAsJsonAndReadBack_checksValid() {
            ApprovalToken consumed = assertValid(engine.verify(issueTask(), task(), null));

            ApprovalToken reloaded = ApprovalToken.fromJson(Json.write(consumed));

            assertThat(reloaded).isEqualTo(consumed);
            assertValid(engine.check(reloaded, task()));
        }

        @Test
        void verify_nullArguments_invalidInput() {
            assertThatThrownBy(() -> engine.verify(null, task(), null)).isInstanceOf(SilasException.class);
            assertThatThrownBy(() -> engine.verify(issueTask(), null, null)).isInstanceOf(SilasException.class);
        }
    }

    @Nested
    class Tampering {
        @ParameterizedTest
        @ValueSource(strings = {"plan_hash", "work_item_id", "scope", "verdict", "nonce",
                "issued_at", "expires_at", "max_executions", "conditions"})
        void verify_tamperedSignedField_signatureInvalid(String field) {
            ApprovalToken original = engine.issue(task(), new ApprovalDecision(ApprovalVerdict.DECLINED,
                    ApprovalStrength.TAP, Map.of("note", TextNode.valueOf("only today"))), ApprovalScope.SINGLE_STEP);
            ApprovalToken tampered = tamper(original, field);

            assertThat(tampered.signedPayload()).isNotEqualTo(original.signedPayload());
            assertThat(tampered.signature()).isEqualTo(original.signature());
            assertDenied(engine.verify(tampered, task(), null), Reason.SIGNATURE_INVALID);
            assertDenied(engine.check(tampered, task()), Reason.SIGNATURE_INVALID);
        }

        /** One signed field changed towards what an attacker wants; the original signature is kept. */
        private ApprovalToken tamper(ApprovalToken t, String field) {
            String planHash = field.equals("plan_hash") ? PlanHashes.planHash(goal()) : t.planHash();
            String workItemId = field.equals("work_item_id") ? "task-other" : t.workItemId();
            ApprovalScope scope = field.equals("scope") ? ApprovalScope.FULL_PLAN : t.scope();
            ApprovalVerdict verdict = field.equals("verdict") ? ApprovalVerdict.APPROVED : t.verdict();
            String nonce = field.equals("nonce") ? t.nonce() + "0" : t.nonce();
            Instant issuedAt = field.equals("issued_at") ? t.issuedAt().minusSeconds(1) : t.issuedAt();
            Instant expiresAt = field.equals("expires_at") ? t.expiresAt().plus(Duration.ofDays(365)) : t.expiresAt();
            int max = field.equals("max_executions") ? 1000 : t.maxExecutions();
            Map<String, JsonNode> conditions = field.equals("conditions") ? Map.of() : t.conditions();
            return new ApprovalToken(t.tokenId(), planHash, workItemId, scope, verdict, nonce, t.approvalStrength(),
                    issuedAt, expiresAt, max, conditions, t.signature(), 0, List.of());
        }

        @Test
        void tamper_approvalStrength_refusedOnReadAndBreaksSignature() {
            ApprovalToken token = issueTask();
            String json = Json.write(token).replace("\"approval_strength\":\"tap\"", "\"approval_strength\":\"biometric\"");
            com.fasterxml.jackson.databind.node.ObjectNode payload = token.signedPayload();
            payload.put("approval_strength", "biometric");

            assertThatThrownBy(() -> ApprovalToken.fromJson(json)).isInstanceOf(SilasException.class)
                    .hasMessageContaining("approval_strength");
            assertThat(SigningKeys.verify(keys.publicKey(), io.silas.core.json.CanonicalJson.bytes(payload),
                    token.signature())).isFalse();
        }

        @Test
        void verify_tamperedUnsignedTokenId_cannotOpenNewExecutions() {
            ApprovalToken token = issueTask();
            assertValid(engine.verify(token, task(), null));
            ApprovalToken relabelled = new ApprovalToken("fresh-id", token.planHash(), token.workItemId(), token.scope(),
                    token.verdict(), token.nonce(), token.approvalStrength(), token.issuedAt(), token.expiresAt(),
                    token.maxExecutions(), token.conditions(), token.signature(), 0, List.of());

            assertDenied(engine.verify(relabelled, task(), null), Reason.EXECUTION_ALREADY_CLAIMED);
        }

        @Test
        void verify_forgedExecutionState_checkNotConsumed() {
            ApprovalToken token = issueTask();
            ApprovalToken forged = new ApprovalToken(token.tokenId(), token.planHash(), token.workItemId(), token.scope(),
                    token.verdict(), token.nonce(), token.approvalStrength(), token.issuedAt(), token.expiresAt(),
                    token.maxExecutions(), token.conditions(), token.signature(), 1, List.of("0".repeat(32)));

            assertDenied(engine.check(forged, task()), Reason.NOT_CONSUMED);
        }

        @Test
        void verify_tokenSignedByAnotherKey_signatureInvalid() {
            ApprovalEngine attacker = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                    .nonceStore(NonceStore.inMemory()).audit(AuditLog.inMemory(clock)).clock(clock).build();
            ApprovalToken forged = attacker.issue(task(), ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);

            assertDenied(engine.verify(forged, task(), null), Reason.SIGNATURE_INVALID);
        }

        /**
         * The classic Ed25519 malleation (S + L, the group order, added to the signature's scalar) must not verify: a
         * second valid signature for the same token would open a second execution slot.
         */
        @Test
        void verify_malleatedSignature_sPlusGroupOrder_signatureInvalidAndOpensNoSlot() {
            ApprovalToken token = issueTask();
            byte[] malleated = token.signature();
            byte[] order = java.util.HexFormat.of().parseHex(
                    "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
            int carry = 0;
            for (int i = 0; i < 32; i++) {
                int sum = (malleated[32 + i] & 0xff) + (order[i] & 0xff) + carry;
                malleated[32 + i] = (byte) sum;
                carry = sum >>> 8;
            }
            assertThat(carry).as("S + L still fits 32 bytes (S < 2^253 - L)").isZero();

            assertValid(engine.verify(token, task(), null));
            assertDenied(engine.verify(token.withSignature(malleated), task(), null), Reason.SIGNATURE_INVALID);
        }

        @Test
        void verify_emptySignature_signatureInvalid() {
            assertDenied(engine.verify(issueTask().withSignature(new byte[0]), task(), null), Reason.SIGNATURE_INVALID);
        }

        @Test
        void verify_garbageSignatures_signatureInvalid() {
            ApprovalToken token = issueTask();
            byte[] zeros = new byte[64];
            byte[] ones = new byte[64];
            Arrays.fill(ones, (byte) 0xff);
            byte[] flipped = token.signature();
            flipped[10] ^= 1;
            byte[] transplanted = issueTask().signature();

            for (byte[] sig : List.of(zeros, ones, flipped, transplanted)) {
                assertDenied(engine.verify(token.withSignature(sig), task(), null), Reason.SIGNATURE_INVALID);
            }
        }

        @Test
        void fromJson_truncatedSignature_refusedBeforeVerification() {
            ApprovalToken token = issueTask();
            String full = java.util.Base64.getEncoder().encodeToString(token.signature());
            String truncated = java.util.Base64.getEncoder().encodeToString(Arrays.copyOf(token.signature(), 63));

            assertThatThrownBy(() -> ApprovalToken.fromJson(Json.write(token).replace(full, truncated)))
                    .isInstanceOf(SilasException.class).hasMessageContaining("signature");
            assertThatThrownBy(() -> ApprovalToken.fromJson(Json.write(token).replace(full, "not*base64")))
                    .isInstanceOf(SilasException.class).hasMessageContaining("signature");
        }
    }

    @Nested
    class Time {
        @Test
        void verify_atExpiry_expired() {
            ApprovalToken token = issueTask();
            clock.set(token.expiresAt());

            assertDenied(engine.verify(token, task(), null), Reason.EXPIRED);
        }

        @Test
        void verify_justBeforeExpiry_valid() {
            ApprovalToken token = issueTask();
            clock.set(token.expiresAt().minusMillis(1));

            assertValid(engine.verify(token, task(), null));
        }

        @Test
        void check_afterExpiry_expired() {
            ApprovalToken consumed = assertValid(engine.verify(issueTask(), task(), null));
            clock.advance(Duration.ofMinutes(31));

            assertDenied(engine.check(consumed, task()), Reason.EXPIRED);
        }

        @Test
        void verify_clockBeforeIssue_notYetValid() {
            ApprovalToken token = issueTask();
            clock.set(START.minusSeconds(5));

            assertDenied(engine.verify(token, task(), null), Reason.NOT_YET_VALID);
        }
    }

    @Nested
    class Check {
        @Test
        void check_beforeAnyVerify_notConsumed() {
            assertDenied(engine.check(issueTask(), task()), Reason.NOT_CONSUMED);
        }

        @Test
        void check_recordsNothing_verifyStillConsumesFirstExecution() {
            ApprovalToken token = issueTask();
            engine.check(token, task());

            ApprovalToken consumed = assertValid(engine.verify(token, task(), null));

            assertThat(assertValid(engine.check(consumed, task()))).isEqualTo(consumed);
            assertThat(assertValid(engine.check(consumed, task()))).isEqualTo(consumed);
            assertDenied(engine.verify(consumed, task(), null), Reason.EXECUTIONS_EXHAUSTED);
        }

        @Test
        void check_consumedCopyForChangedPlan_planHashMismatch() {
            ApprovalToken consumed = assertValid(engine.verify(issueTask(), task(), null));

            assertDenied(engine.check(consumed, task().toBuilder().body("rm -rf /").build()), Reason.PLAN_HASH_MISMATCH);
        }
    }

    @Nested
    class Standing {
        @Test
        void verify_standingWithoutSpawnedTask_denied() {
            assertDenied(engine.verify(issueStanding(), goal(), null), Reason.STANDING_REQUIRES_SPAWNED_TASK);
        }

        @Test
        void verify_standingWithPolicyConformingSpawnedTask_validThenChecks() {
            WorkItem fix = spawned(goal(), "fix-1", "api_responding failed");

            ApprovalToken consumed = assertValid(engine.verify(issueStanding(), goal(), fix));

            assertThat(nonces.isUsed(NonceStore.DOMAIN_EXECUTION, consumed.tokenId() + ":" + PlanHashes.planHash(fix)
                    + ":" + consumed.executionNonces().get(0))).isTrue();
            assertValid(engine.check(consumed, fix));
            assertDenied(engine.check(consumed, spawned(goal(), "fix-2", "never verified")), Reason.NOT_CONSUMED);
        }

        @Test
        void verify_spawnedTaskWithAnotherParent_parentMismatch() {
            WorkItem orphan = spawned(goal(), "fix-1", "x").toBuilder().parent("goal-other").build();

            assertDenied(engine.verify(issueStanding(), goal(), orphan), Reason.SPAWNED_PARENT_MISMATCH);
        }

        @Test
        void verify_spawnedTaskWithWiderPolicy_spawnPolicyMismatch() {
            WorkItem fix = spawned(goal(), "fix-1", "x");
            List<WorkItem> widened = List.of(
                    fix.toBuilder().skills(List.of("ops", "coding", "shell")).build(),
                    fix.toBuilder().gates(List.of()).build(),
                    fix.toBuilder().verify(List.of()).build(),
                    fix.toBuilder().failureContext("Do anything: $failed_checks").build(),
                    fix.toBuilder().escalation(Map.of()).build());

            for (WorkItem item : widened) {
                assertDenied(engine.verify(issueStanding(), goal(), item), Reason.SPAWN_POLICY_MISMATCH);
            }
        }

        @Test
        void verify_spawnedProjectInsteadOfTask_spawnPolicyMismatch() {
            WorkItem fix = spawned(goal(), "fix-1", "x");
            WorkItem project = fix.toBuilder().type(WorkItemType.PROJECT).build();

            assertDenied(engine.verify(issueStanding(), goal(), project), Reason.SPAWN_POLICY_MISMATCH);
        }

        @Test
        void verify_goalChangedSinceApproval_planHashMismatch() {
            ApprovalToken token = issueStanding();
            WorkItem changedGoal = goal().toBuilder().budget(new io.silas.core.work.Budget(1_000_000, 100, 3600, 50, 50))
                    .build();

            assertDenied(engine.verify(token, changedGoal, spawned(changedGoal, "fix-1", "x")), Reason.PLAN_HASH_MISMATCH);
        }

        @Test
        void check_standingTokenWithGoalItself_parentMismatch() {
            ApprovalToken consumed = assertValid(engine.verify(issueStanding(), goal(), spawned(goal(), "fix-1", "x")));

            assertDenied(engine.check(consumed, goal()), Reason.SPAWNED_PARENT_MISMATCH);
        }

        @Test
        void verify_standing_atMostMaxExecutionsThenExhausted() {
            ApprovalToken token = issueStanding();
            for (int i = 1; i <= 3; i++) {
                token = assertValid(engine.verify(token, goal(), spawned(goal(), "fix-" + i, "cycle " + i)));
                assertThat(token.executionsUsed()).isEqualTo(i);
            }

            assertDenied(engine.verify(token, goal(), spawned(goal(), "fix-4", "cycle 4")), Reason.EXECUTIONS_EXHAUSTED);
        }
    }

    @Nested
    class Replay {
        @Test
        void verify_sameStaleCopyTwice_secondClaimsTakenSlot() {
            ApprovalToken token = issueTask();
            assertValid(engine.verify(token, task(), null));

            assertDenied(engine.verify(token, task(), null), Reason.EXECUTION_ALREADY_CLAIMED);
        }

        @Test
        void verify_standingStaleCopies_neverMoreThanMaxExecutions() {
            ApprovalToken fresh = issueStanding();
            List<ApprovalToken> copies = new ArrayList<>(List.of(fresh));
            int successes = 0;
            for (int round = 0; round < 6; round++) {
                for (ApprovalToken copy : List.copyOf(copies)) {
                    ApprovalCheck check = engine.verify(copy, goal(), spawned(goal(), "fix-" + round + "-"
                            + copy.executionsUsed(), "round " + round));
                    if (check.valid()) {
                        successes++;
                        copies.add(check.orThrow());
                    } else {
                        assertThat(check.reason()).isIn(Reason.EXECUTION_ALREADY_CLAIMED, Reason.EXECUTIONS_EXHAUSTED);
                    }
                }
            }

            assertThat(successes).isEqualTo(3);
        }

        @Test
        void verify_preRecordedExecutionNonce_nonceReplayedAndExecutionStaysConsumed() {
            java.util.Deque<String> values = new java.util.ArrayDeque<>(List.of("token-nonce-1", "exec-nonce-1",
                    "exec-nonce-2"));
            ApprovalEngine controlled = builder().nonceSource(values::removeFirst).build();
            ApprovalToken token = controlled.issue(task(), ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
            nonces.recordIfAbsent(NonceStore.DOMAIN_EXECUTION, token.tokenId() + ":" + token.planHash()
                    + ":exec-nonce-1", START);

            assertDenied(controlled.verify(token, task(), null), Reason.NONCE_REPLAYED);
            assertDenied(controlled.verify(token, task(), null), Reason.EXECUTION_ALREADY_CLAIMED);
        }

        @Test
        void verify_losingConcurrentVerification_leavesNoExecutionRecord() {
            java.util.Deque<String> values = new java.util.ArrayDeque<>(List.of("token-nonce-1", "exec-a", "exec-b"));
            ApprovalEngine controlled = builder().nonceSource(values::removeFirst).build();
            ApprovalToken token = controlled.issue(task(), ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
            assertValid(controlled.verify(token, task(), null));

            assertDenied(controlled.verify(token, task(), null), Reason.EXECUTION_ALREADY_CLAIMED);
            assertThat(nonces.isUsed(NonceStore.DOMAIN_EXECUTION, token.tokenId() + ":" + token.planHash()
                    + ":exec-b")).isFalse();
        }

        @Test
        void verify_sameBindingInMessageDomain_doesNotCollide() {
            java.util.Deque<String> values = new java.util.ArrayDeque<>(List.of("token-nonce-1", "exec-nonce-1"));
            ApprovalEngine controlled = builder().nonceSource(values::removeFirst).build();
            ApprovalToken token = controlled.issue(task(), ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
            String binding = token.tokenId() + ":" + token.planHash() + ":exec-nonce-1";
            nonces.recordIfAbsent(NonceStore.DOMAIN_MESSAGE, binding, START);
            nonces.recordIfAbsent(NonceStore.DOMAIN_MESSAGE, "slot:token-nonce-1:1", START);

            assertValid(controlled.verify(token, task(), null));
            assertThat(nonces.isUsed(NonceStore.DOMAIN_EXECUTION, binding)).isTrue();
        }

        @Test
        void verify_twoThreadsOneSingleUseToken_exactlyOneSucceeds_50Times() throws Exception {
            pool = Executors.newFixedThreadPool(2);
            for (int rep = 0; rep < 50; rep++) {
                ApprovalToken token = issueTask();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ApprovalCheck>> results = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return engine.verify(token, task(), null);
                    }));
                }
                start.countDown();
                AtomicInteger valid = new AtomicInteger();
                for (Future<ApprovalCheck> f : results) {
                    ApprovalCheck check = f.get();
                    if (check.valid()) {
                        valid.incrementAndGet();
                    } else {
                        assertThat(check.reason()).isEqualTo(Reason.EXECUTION_ALREADY_CLAIMED);
                    }
                }
                assertThat(valid.get()).as("repetition %d", rep).isEqualTo(1);
            }
        }

        @Test
        void verify_copiesWithForgedSignatures_cannotBurnTheGenuineSlot() {
            ApprovalToken token = issueTask();
            byte[] flipped = token.signature();
            flipped[63] ^= 0x01;
            byte[] transplanted = issueTask().signature();
            for (byte[] forged : List.of(flipped, transplanted, new byte[64])) {
                assertDenied(engine.verify(token.withSignature(forged), task(), null), Reason.SIGNATURE_INVALID);
            }

            ApprovalToken consumed = assertValid(engine.verify(token, task(), null));
            assertValid(engine.check(consumed, task()));
            assertDenied(engine.verify(token, task(), null), Reason.EXECUTION_ALREADY_CLAIMED);
        }

        @Test
        void verify_slotRecordedUnderTheEarlierKeyWithoutSignature_alreadyClaimed() {
            java.util.Deque<String> values = new java.util.ArrayDeque<>(List.of("token-nonce-1", "exec-nonce-1"));
            ApprovalEngine controlled = builder().nonceSource(values::removeFirst).build();
            ApprovalToken token = controlled.issue(task(), ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
            nonces.recordIfAbsent(NonceStore.DOMAIN_EXECUTION, "slot:token-nonce-1:1", START);

            assertDenied(controlled.verify(token, task(), null), Reason.EXECUTION_ALREADY_CLAIMED);
        }

        @Test
        void verify_forgedSignatureAndFailingStore_signatureInvalidReportedFirst() {
            ApprovalEngine broken = ApprovalEngine.builder().signingKeys(keys).audit(audit).clock(clock)
                    .nonceStore(new FailingNonceStore()).build();
            ApprovalToken token = broken.issue(task(), ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);

            assertDenied(broken.verify(token.withSignature(new byte[64]), task(), null), Reason.SIGNATURE_INVALID);
        }

        @Test
        void verify_nonceStoreFailing_deniedFailClosed() {
            ApprovalEngine broken = ApprovalEngine.builder().signingKeys(keys).audit(audit).clock(clock)
                    .nonceStore(new FailingNonceStore()).build();
            ApprovalToken token = broken.issue(task(), ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);

            assertDenied(broken.verify(token, task(), null), Reason.NONCE_STORE_UNAVAILABLE);
            ApprovalToken consumed = assertValid(engine.verify(token, task(), null));
            assertDenied(broken.check(consumed, task()), Reason.NONCE_STORE_UNAVAILABLE);
        }
    }

    @Nested
    class Proposals {
        @Test
        void verifyBatch_exactBatch_validThenChecks() {
            BatchProposal batch = ProactivitySamples.batch();
            ApprovalToken token = engine.issueBatch(batch, ApprovalDecision.approved());

            assertThat(token.scope()).isEqualTo(ApprovalScope.BATCH);
            assertThat(token.planHash()).isEqualTo(ProposalHashes.batchHash(batch));
            assertThat(token.workItemId()).isEqualTo(batch.batchId());
            assertDenied(engine.checkBatch(token, batch), Reason.NOT_CONSUMED);
            ApprovalToken consumed = assertValid(engine.verifyBatch(token, batch));
            assertValid(engine.checkBatch(consumed, batch));
            assertDenied(engine.verifyBatch(consumed, batch), Reason.EXECUTIONS_EXHAUSTED);
        }

        @Test
        void verifyBatch_changedItemsOrOtherBatch_denied() {
            BatchProposal batch = ProactivitySamples.batch();
            ApprovalToken token = engine.issueBatch(batch, ApprovalDecision.approved());
            BatchProposal swapped = new BatchProposal(batch.batchId(), batch.goalId(), batch.action(),
                    List.of(batch.items().get(0), batch.items().get(1), ProactivitySamples.item("m-important", 0.9)),
                    batch.reasonSummary(), batch.confidenceMin(), batch.createdAt());
            BatchProposal reordered = new BatchProposal(batch.batchId(), batch.goalId(), batch.action(),
                    List.of(batch.items().get(1), batch.items().get(0), batch.items().get(2)),
                    batch.reasonSummary(), batch.confidenceMin(), batch.createdAt());
            BatchProposal deleteInstead = new BatchProposal(batch.batchId(), batch.goalId(), "delete", batch.items(),
                    batch.reasonSummary(), batch.confidenceMin(), batch.createdAt());
            BatchProposal otherBatch = new BatchProposal("batch-2", batch.goalId(), batch.action(), batch.items(),
                    batch.reasonSummary(), batch.confidenceMin(), batch.createdAt());

            assertDenied(engine.verifyBatch(token, swapped), Reason.PLAN_HASH_MISMATCH);
            assertDenied(engine.verifyBatch(token, reordered), Reason.PLAN_HASH_MISMATCH);
            assertDenied(engine.verifyBatch(token, deleteInstead), Reason.PLAN_HASH_MISMATCH);
            assertDenied(engine.verifyBatch(token, otherBatch), Reason.WORK_ITEM_MISMATCH);
        }

        @Test
        void verifyAutonomy_exactProposal_validThenChecks() {
            AutonomyThresholdProposal proposal = ProactivitySamples.widenProposal();
            ApprovalToken token = engine.issueAutonomy(proposal, ApprovalDecision.approved());

            assertThat(token.scope()).isEqualTo(ApprovalScope.AUTONOMY_THRESHOLD);
            ApprovalToken consumed = assertValid(engine.verifyAutonomy(token, proposal));
            assertValid(engine.checkAutonomy(consumed, proposal));
        }

        @Test
        void verifyAutonomy_changedValue_planHashMismatch() {
            AutonomyThresholdProposal p = ProactivitySamples.widenProposal();
            ApprovalToken token = engine.issueAutonomy(p, ApprovalDecision.approved());
            AutonomyThresholdProposal wider = new AutonomyThresholdProposal(p.proposalId(), p.scopeId(), p.goalId(),
                    List.of(p.changes().get(0), new AutonomyThresholdChange(AutonomyThresholdKey.STANDING_MAX_EXECUTIONS,
                            "5", "100", AutonomyDirection.WIDEN)), p.sampleSize(), p.correctionRate(),
                    p.evidenceWindow(), p.rationale(), p.riskLevel(), p.createdAt());

            assertDenied(engine.verifyAutonomy(token, wider), Reason.PLAN_HASH_MISMATCH);
            assertDenied(engine.checkAutonomy(token, wider), Reason.PLAN_HASH_MISMATCH);
        }
    }

    @Nested
    class Auditing {
        @Test
        void denial_auditedWithTokenIdAndReasonOnly() {
            ApprovalToken token = issueTask();
            engine.verify(token, task().toBuilder().title("other").build(), null);

            List<AuditEntry> denied = audit.findByEvent(ApprovalEngine.EVENT_DENIED);
            assertThat(denied).hasSize(1);
            JsonNode data = denied.get(0).data();
            assertThat(data.get("token_id").asText()).isEqualTo(token.tokenId());
            assertThat(data.get("reason").asText()).isEqualTo("plan_hash_mismatch");
            assertThat(data.get("operation").asText()).isEqualTo("verify");
            assertThat(data.has("signature")).isFalse();
            assertThat(data.has("nonce")).isFalse();
        }

        @Test
        void success_audited_andChainStaysValid() {
            ApprovalToken consumed = assertValid(engine.verify(issueTask(), task(), null));
            engine.check(consumed, task());

            List<AuditEntry> verified = audit.findByEvent(ApprovalEngine.EVENT_VERIFIED);
            assertThat(verified).extracting(e -> e.data().get("operation").asText()).containsExactly("verify", "check");
            assertThat(verified.get(0).data().get("executions_used").asInt()).isEqualTo(1);
            assertThat(audit.verifyChain().valid()).isTrue();
        }
    }

    @Test
    void builder_standingTtlBeyondRetention_configInvalid() {
        assertThatThrownBy(() -> builder().standingTtl(Duration.ofDays(1)).build())
                .isInstanceOf(SilasException.class).hasMessageContaining("nonce retention")
                .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID);

        ApprovalEngine longLived = builder().standingTtl(Duration.ofDays(1))
                .nonceRetention(NonceRetention.of(nonces, Duration.ofDays(1))).build();
        assertThatThrownBy(() -> builder().standingTtl(Duration.ofDays(1))
                .nonceRetention(NonceRetention.of(nonces, Duration.ofHours(23))).build())
                .isInstanceOf(SilasException.class).hasMessageContaining("nonce retention");
        assertThat(longLived.issue(goal(), ApprovalDecision.approved(), ApprovalScope.STANDING).expiresAt())
                .isEqualTo(START.plus(Duration.ofDays(1)));
    }

    /** A nonce store whose backend is down. */
    private static final class FailingNonceStore implements NonceStore {
        @Override
        public boolean recordIfAbsent(String domain, String binding, Instant recordedAt) {
            throw new SilasException(ErrorCode.DB_FAILURE, "database unavailable");
        }

        @Override
        public boolean isUsed(String domain, String binding) {
            throw new SilasException(ErrorCode.DB_FAILURE, "database unavailable");
        }

        @Override
        public int prune(Instant olderThan) {
            throw new SilasException(ErrorCode.DB_FAILURE, "database unavailable");
        }
    }
}
