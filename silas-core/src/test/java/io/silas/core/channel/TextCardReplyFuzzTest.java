package io.silas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.silas.core.vocabulary.RiskLevel;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes text card replies (attacker-controlled text): parsing never throws, only ever yields one of the card's
 * values, and yields {@code approve} only for the option number 1, the value or its label.
 */
class TextCardReplyFuzzTest {
    private static final PlanApprovalCard CARD = PlanApprovalCard.of("c1", "wi-1", "ab".repeat(32), "Deploy",
            RiskLevel.HIGH, "Release is ready.", null);

    @FuzzTest(maxDuration = "30s")
    void parse_arbitraryReply_onlyCardValuesAndApproveOnlyWhenChosen(byte[] input) {
        String reply = new String(input, StandardCharsets.UTF_8);

        String value = TextCardFallback.parse(CARD, reply);

        if (value == null) {
            return;
        }
        assertThat(value).isIn(PlanApprovalCard.APPROVE, PlanApprovalCard.DECLINE);
        if (value.equals(PlanApprovalCard.APPROVE)) {
            String cleaned = reply.strip().replaceAll("[\\s.!?)]+$", "");
            assertThat(cleaned.matches("0{0,2}1") || cleaned.equalsIgnoreCase("approve")
                    || cleaned.equalsIgnoreCase("Approve + execute")).as("reply %s", reply).isTrue();
        }
    }
}
