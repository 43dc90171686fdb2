package io.silas.core.approval;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.error.SilasException;
import io.silas.core.json.JsonValues;
import java.util.Map;

/**
 * The decision a channel collects from the user before the approval engine mints a token
 * (docs/contracts.md#keys-approvals-and-nonces). Channels never sign; they only return this value. A timeout or
 * disconnect yields {@link #declined()}. Immutable and thread-safe ({@link #conditions()} returns copies).
 */
public record ApprovalDecision(ApprovalVerdict verdict, ApprovalStrength approvalStrength,
                               Map<String, JsonNode> conditions) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param verdict          the verdict
     * @param approvalStrength the approval strength
     * @param conditions       the conditions
     */
    public ApprovalDecision {
        if (verdict == null) {
            throw SilasException.invalid("verdict", "is required");
        }
        approvalStrength = approvalStrength == null ? ApprovalStrength.TAP : approvalStrength;
        conditions = JsonValues.copyIn(conditions, "conditions");
    }

    /** {@return an approval by tap without conditions} */
    public static ApprovalDecision approved() {
        return new ApprovalDecision(ApprovalVerdict.APPROVED, ApprovalStrength.TAP, Map.of());
    }

    /** {@return the safe default: declined} */
    public static ApprovalDecision declined() {
        return new ApprovalDecision(ApprovalVerdict.DECLINED, ApprovalStrength.TAP, Map.of());
    }

    /**
     * User-provided conditions (a deep copy).
     *
     * @return the json node>
     */
    @Override
    public Map<String, JsonNode> conditions() {
        return JsonValues.copyOut(conditions);
    }
}
