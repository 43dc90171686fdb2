package io.silas.core.work;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.nio.charset.StandardCharsets;

/** PlanParser on arbitrary text: a WorkItem or a SilasException(INVALID_INPUT), never anything else. */
class PlanParserFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse_anyText_onlySilasException(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        check(text);
        check("---\n" + text + "\n---\nbody\n");
    }

    private static void check(String markdown) {
        try {
            WorkItem item = PlanParser.parse(markdown);
            assertThat(item.needsApproval()).isTrue();
            assertThat(item.approvalToken()).isNull();
            assertThat(PlanHashes.planHash(item)).hasSize(64);
            assertThat(PlanParser.parse(markdown)).isEqualTo(item);
        } catch (SilasException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
