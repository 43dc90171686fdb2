package io.silas.core.context;

import java.util.ArrayList;
import java.util.List;

/**
 * The rendered text of one zone, reused across renders: items are immutable, so when the zone's items still start
 * with the items of the last render (the common case: the chronicle only grew) only the appended items are
 * rendered; any other change (eviction, masking, reordering) renders the zone again. Keeps the per-turn render cost
 * proportional to what changed, not to the window size. Not thread-safe (guarded by the context manager's lock).
 */
final class RenderedZone {
    private List<ContextItem> items = List.of();
    private String text = "";

    /** The zone's blocks separated by blank lines ({@link BlockFormat#block}), empty for an empty zone. */
    String render(List<ContextItem> current) {
        int known = items.size();
        boolean grown = current.size() >= known;
        for (int i = 0; grown && i < known; i++) {
            grown = current.get(i) == items.get(i);
        }
        if (grown && current.size() == known) {
            return text;
        }
        StringBuilder out = grown ? new StringBuilder(text) : new StringBuilder();
        for (int i = grown ? known : 0; i < current.size(); i++) {
            if (!out.isEmpty()) {
                out.append("\n\n");
            }
            out.append(BlockFormat.block(current.get(i)));
        }
        items = new ArrayList<>(current);
        text = out.toString();
        return text;
    }
}
