package io.silas.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.vocabulary.TaintLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RenderedZoneTest {
    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void render_equalsAFreshRender_afterGrowthEvictionAndEmptying() {
        RenderedZone zone = new RenderedZone();
        List<ContextItem> items = new ArrayList<>();
        assertThat(render(zone, items)).isEmpty();

        items.add(item("a"));
        items.add(item("b"));
        assertThat(render(zone, items)).isEqualTo(fresh(items));
        assertThat(zone.update(items)).as("unchanged zone").isFalse();

        items.add(item("c"));
        assertThat(render(zone, items)).isEqualTo(fresh(items));

        items.remove(0);
        assertThat(render(zone, items)).as("evicted head: rendered again").isEqualTo(fresh(items));

        items.set(0, item("b2"));
        assertThat(render(zone, items)).as("replaced item: rendered again").isEqualTo(fresh(items));

        items.clear();
        assertThat(render(zone, items)).as("emptied zone").isEmpty();

        items.add(item("d"));
        assertThat(render(zone, items)).isEqualTo(fresh(items));
    }

    /** Random appends, head and middle evictions, in-place replacements (masking) and reorders. */
    @Test
    void render_equalsAFreshRender_throughRandomChanges() {
        Random random = new Random(27);
        RenderedZone zone = new RenderedZone();
        List<ContextItem> items = new ArrayList<>();
        for (int step = 0; step < 3_000; step++) {
            int op = random.nextInt(10);
            if (op < 5 || items.isEmpty()) {
                items.add(item("i" + step));
            } else if (op < 7) {
                items.remove(0);
            } else if (op < 8) {
                items.remove(random.nextInt(items.size()));
            } else if (op < 9) {
                int at = random.nextInt(items.size());
                items.set(at, items.get(at).withMasked("[masked " + step + "]", 2));
            } else {
                Collections.swap(items, random.nextInt(items.size()), random.nextInt(items.size()));
            }
            assertThat(render(zone, items)).as("step %d", step).isEqualTo(fresh(items));
        }
    }

    private static String render(RenderedZone zone, List<ContextItem> items) {
        zone.update(items);
        return String.join("\n\n", zone.blocks());
    }

    private static String fresh(List<ContextItem> items) {
        return String.join("\n\n", items.stream().map(BlockFormat::block).toList());
    }

    private static ContextItem item(String id) {
        return ContextItem.live(id, ContextZone.CHRONICLE, ContextKind.MESSAGE, "text of " + id, 3, "user:owner",
                TaintLevel.OWNER, 1, AT);
    }
}
