package io.silas.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.vocabulary.TaintLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZoneBlocksTest {
    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void window_equalsAFreshRender_afterGrowthEvictionAndEmptying() {
        ZoneBlocks zone = new ZoneBlocks();
        List<ContextItem> items = new ArrayList<>();
        assertThat(window(zone).text()).isEmpty();

        add(zone, items, item("a"));
        add(zone, items, item("b"));
        assertThat(window(zone).text()).isEqualTo(fresh(items));

        add(zone, items, item("c"));
        ContextWindow before = window(zone);
        String beforeText = fresh(items);
        remove(zone, items, 0);
        assertThat(window(zone).text()).as("evicted head").isEqualTo(fresh(items));
        assertThat(before.text()).as("an earlier window keeps its blocks").isEqualTo(beforeText);

        items.set(0, item("b2"));
        zone.set(0, items.get(0));
        assertThat(window(zone).text()).as("replaced item").isEqualTo(fresh(items));

        remove(zone, items, 1);
        remove(zone, items, 0);
        assertThat(window(zone).text()).as("emptied zone").isEmpty();
        assertThat(zone.size()).isZero();

        add(zone, items, item("d"));
        assertThat(window(zone).text()).isEqualTo(fresh(items));
    }

    /**
     * Random appends, head, tail and middle removals and in-place replacements (masking) across many chunks; every
     * window taken along the way still reads as it did when it was taken.
     */
    @Test
    void window_equalsAFreshRender_throughRandomChanges_andEarlierWindowsNeverChange() {
        Random random = new Random(27);
        ZoneBlocks zone = new ZoneBlocks();
        List<ContextItem> items = new ArrayList<>();
        List<ContextWindow> windows = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int step = 0; step < 4_000; step++) {
            int op = random.nextInt(10);
            if (op < 6 || items.isEmpty()) {
                add(zone, items, item("i" + step));
            } else if (op < 7) {
                remove(zone, items, 0);
            } else if (op < 8) {
                remove(zone, items, random.nextInt(items.size()));
            } else if (op < 9) {
                remove(zone, items, items.size() - 1);
            } else {
                int at = random.nextInt(items.size());
                items.set(at, items.get(at).withMasked("[masked " + step + "]", 2));
                zone.set(at, items.get(at));
            }
            assertThat(zone.size()).isEqualTo(items.size());
            if (step % 7 == 0) {
                ContextWindow taken = window(zone);
                assertThat(taken.text()).as("step %d", step).isEqualTo(fresh(items));
                assertThat(taken.blocks()).isEqualTo(items.size());
                windows.add(taken);
                texts.add(taken.text());
            }
        }
        for (int i = 0; i < windows.size(); i++) {
            assertThat(windows.get(i).text()).isSameAs(texts.get(i));
            assertThat(windows.get(i).blocks()).as("window %d", i).isEqualTo(rejoinedBlocks(windows.get(i)));
        }
    }

    @Test
    void window_ofSeveralZones_separatesEveryBlockByABlankLine() {
        ZoneBlocks first = new ZoneBlocks();
        ZoneBlocks empty = new ZoneBlocks();
        ZoneBlocks last = new ZoneBlocks();
        first.add(item("a"));
        last.add(item("b"));
        List<ZoneBlocks.Chunk> chunks = new ArrayList<>();
        first.snapshotInto(chunks);
        empty.snapshotInto(chunks);
        last.snapshotInto(chunks);
        assertThat(ContextWindow.of(chunks).text()).isEqualTo(fresh(List.of(item("a"), item("b"))));
    }

    /** Recounts a window's blocks from its text (every block ends with the end marker). */
    private static int rejoinedBlocks(ContextWindow window) {
        String text = window.text();
        return text.isEmpty() ? 0 : text.split(BlockFormat.END, -1).length - 1;
    }

    private static void add(ZoneBlocks zone, List<ContextItem> items, ContextItem item) {
        items.add(item);
        zone.add(item);
    }

    private static void remove(ZoneBlocks zone, List<ContextItem> items, int at) {
        items.remove(at);
        zone.remove(at);
    }

    private static ContextWindow window(ZoneBlocks zone) {
        List<ZoneBlocks.Chunk> chunks = new ArrayList<>();
        zone.snapshotInto(chunks);
        return ContextWindow.of(chunks);
    }

    private static String fresh(List<ContextItem> items) {
        return String.join("\n\n", items.stream().map(BlockFormat::block).toList());
    }

    private static ContextItem item(String id) {
        return ContextItem.live(id, ContextZone.CHRONICLE, ContextKind.MESSAGE, "text of " + id, 3, "user:owner",
                TaintLevel.OWNER, 1, AT);
    }
}
