package io.silas.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.silas.core.vocabulary.TaintLevel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Fuzzes rendering of attacker-controlled content: whatever the text, its block has exactly one header line and
 * one end line under any Unicode line-break interpretation ({@code \\R}), so content can never forge a block
 * boundary or a system header.
 */
class BlockFormatFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void block_arbitraryContent_cannotForgeDelimiters(byte[] input) {
        String content = new String(input, StandardCharsets.UTF_8);
        ContextItem item = ContextItem.live("x", ContextZone.CHRONICLE, ContextKind.MESSAGE, content, 1,
                "channel:web", TaintLevel.EXTERNAL, 1, Instant.parse("2026-01-01T00:00:00Z"));

        List<String> lines = List.of(BlockFormat.block(item).split("\\R", -1));

        assertThat(lines.get(0)).isEqualTo("--- turn 1 | user | live | external ---");
        assertThat(lines.get(lines.size() - 1)).isEqualTo(BlockFormat.END);
        assertThat(lines.subList(1, lines.size() - 1)).noneMatch(line -> line.startsWith("---"));
    }
}
