package io.silas.core.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Sample approval values for tests (fixed values; the signature is a placeholder, not a real signature). */
public final class ApprovalSamples {
    public static final Instant ISSUED = Instant.parse("2026-02-01T10:00:00Z");
    public static final String HASH_A = "a".repeat(64);
    public static final String HASH_B = "0123456789abcdef".repeat(4);

    private ApprovalSamples() {
    }

    public static byte[] placeholderSignature() {
        byte[] sig = new byte[ApprovalToken.SIGNATURE_LENGTH];
        Arrays.fill(sig, (byte) 7);
        return sig;
    }

    public static ApprovalToken singleUse() {
        return new ApprovalToken("tok-1", HASH_A, "task-1", ApprovalScope.FULL_PLAN, ApprovalVerdict.APPROVED,
                "nonce-1", ApprovalStrength.TAP, ISSUED, ISSUED.plusSeconds(1800), 1, Map.of(),
                placeholderSignature(), 0, List.of());
    }

    public static ApprovalToken standing() {
        Map<String, JsonNode> conditions = Map.of(ApprovalToken.SPAWN_POLICY_HASH, TextNode.valueOf(HASH_B),
                "note", TextNode.valueOf("weekdays only"));
        return new ApprovalToken("tok-2", HASH_A, "goal-1", ApprovalScope.STANDING, ApprovalVerdict.APPROVED,
                "nonce-2", ApprovalStrength.TAP, ISSUED, ISSUED.plusSeconds(86_400), 10, conditions,
                placeholderSignature(), 2, List.of("e1", "e2"));
    }
}
