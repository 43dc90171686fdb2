package io.silas.core.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ApprovalTokenTest {
    private static ObjectNode json(ApprovalToken token) {
        try {
            return (ObjectNode) Json.mapper().readTree(Json.write(token));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertStrictReadRejects(Consumer<ObjectNode> tamper, String field) {
        ObjectNode node = json(ApprovalSamples.standing());
        tamper.accept(node);
        assertThatThrownBy(() -> ApprovalToken.fromJson(node.toString()))
                .isInstanceOfSatisfying(SilasException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).startsWith("approval_token." + field);
                });
    }

    @Test
    void signedPayload_exactlyTheTenSignedFields() {
        ObjectNode payload = ApprovalSamples.standing().signedPayload();
        assertThat(payload.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("plan_hash",
                "work_item_id", "scope", "verdict", "nonce", "approval_strength", "issued_at", "expires_at",
                "max_executions", "conditions");
        assertThat(CanonicalJson.string(payload)).isEqualTo("{\"approval_strength\":\"tap\",\"conditions\":"
                + "{\"note\":\"weekdays only\",\"spawn_policy_hash\":\"" + ApprovalSamples.HASH_B + "\"},"
                + "\"expires_at\":\"2026-02-02T10:00:00Z\",\"issued_at\":\"2026-02-01T10:00:00Z\",\"max_executions\":10,"
                + "\"nonce\":\"nonce-2\",\"plan_hash\":\"" + ApprovalSamples.HASH_A + "\",\"scope\":\"standing\","
                + "\"verdict\":\"approved\",\"work_item_id\":\"goal-1\"}");
    }

    @Test
    void signedPayload_ignoresRuntimeState() {
        ApprovalToken token = ApprovalSamples.singleUse();
        assertThat(token.withConsumedExecution("x").signedPayload()).isEqualTo(token.signedPayload());
        assertThat(token.withSignature(new byte[0]).signedPayload()).isEqualTo(token.signedPayload());
    }

    @Test
    void withConsumedExecution_incrementsAndAppends_untilMax() {
        ApprovalToken token = ApprovalSamples.singleUse();
        ApprovalToken used = token.withConsumedExecution("exec-1");
        assertThat(used.executionsUsed()).isEqualTo(1);
        assertThat(used.executionNonces()).containsExactly("exec-1");
        assertThat(token.executionsUsed()).isZero();
        assertThatThrownBy(() -> used.withConsumedExecution("exec-2"))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.APPROVAL_DENIED));
        assertThatThrownBy(() -> ApprovalSamples.standing().withConsumedExecution("e1"))
                .hasMessageContaining("already consumed");
    }

    @Test
    void standing_withoutSpawnPolicyHash_rejected() {
        ApprovalToken t = ApprovalSamples.singleUse();
        assertThatThrownBy(() -> new ApprovalToken("t", t.planHash(), "g", ApprovalScope.STANDING, t.verdict(), "n",
                ApprovalStrength.TAP, t.issuedAt(), t.expiresAt(), 5, Map.of(), new byte[0], 0, List.of()))
                .hasMessageStartingWith("approval_token.conditions.spawn_policy_hash");
        assertThat(ApprovalSamples.standing().spawnPolicyHash()).contains(ApprovalSamples.HASH_B);
        assertThat(t.spawnPolicyHash()).isEmpty();
    }

    @Test
    void signature_isCopiedInAndOut() {
        byte[] sig = ApprovalSamples.placeholderSignature();
        ApprovalToken token = ApprovalSamples.singleUse().withSignature(sig);
        sig[0] = 1;
        token.signature()[1] = 1;
        assertThat(token.signature()).isEqualTo(ApprovalSamples.placeholderSignature());
        assertThatThrownBy(() -> token.withSignature(new byte[10])).hasMessageStartingWith("approval_token.signature");
    }

    @Test
    void expiredAt_atOrAfterExpiry() {
        ApprovalToken token = ApprovalSamples.singleUse();
        assertThat(token.expiredAt(token.expiresAt().minusMillis(1))).isFalse();
        assertThat(token.expiredAt(token.expiresAt())).isTrue();
    }

    @Test
    void fromJson_roundTripsExactly() {
        ApprovalToken token = ApprovalSamples.standing();
        assertThat(ApprovalToken.fromJson(Json.write(token))).isEqualTo(token);
        assertThat(Json.read(Json.write(token), ApprovalToken.class)).isEqualTo(token);
    }

    @Test
    void fromJson_strict_rejectsTampering() {
        assertStrictReadRejects(n -> n.put("extra", 1), "extra");
        assertStrictReadRejects(n -> n.remove("executions_used"), "executions_used");
        assertStrictReadRejects(n -> n.put("max_executions", "10"), "max_executions");
        assertStrictReadRejects(n -> n.put("max_executions", 1.5), "max_executions");
        assertStrictReadRejects(n -> n.put("scope", "STANDING"), "scope");
        assertStrictReadRejects(n -> n.put("issued_at", "yesterday"), "issued_at");
        assertStrictReadRejects(n -> n.put("signature", n.get("signature").textValue().replace("=", "")), "signature");
        assertStrictReadRejects(n -> n.put("plan_hash", "ABC"), "plan_hash");
        assertStrictReadRejects(n -> n.putArray("execution_nonces").add("only-one"), "execution_nonces");
        assertStrictReadRejects(n -> n.put("expires_at", n.get("issued_at").textValue()), "expires_at");
    }

    @Test
    void decision_defaults() {
        assertThat(ApprovalDecision.declined().verdict()).isEqualTo(ApprovalVerdict.DECLINED);
        assertThat(new ApprovalDecision(ApprovalVerdict.APPROVED, null, null).approvalStrength())
                .isEqualTo(ApprovalStrength.TAP);
    }
}
