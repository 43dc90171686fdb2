package io.silas.core.context;

import java.util.ArrayList;
import java.util.List;

/**
 * The rendered text of one zone, reused across renders: items are immutable, so when the zone's items still start
 * with the items of the last render (the common case: the chronicle only grew) only the appended items are
 * rendered and appended; any other change (eviction, masking, reordering) renders the zone again. Keeps the per-turn
 * render cost proportional to what changed, not to the window size. Not thread-safe (guarded by the context
 * manager's lock).
 */
final class RenderedZone {
    private final List<ContextItem> items = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    /**
     * Brings the zone's text up to date with {@code current}: its blocks separated by blank lines
     * ({@link BlockFormat#block}), empty for an empty zone.
     *
     * @return the text (valid until the next call)
     */
    CharSequence render(List<ContextItem> current) {
        int known = items.size();
        boolean grown = current.size() >= known;
        for (int i = 0; grown && i < known; i++) {
            grown = current.get(i) == items.get(i);
        }
        if (!grown) {
            items.clear();
            text.setLength(0);
            known = 0;
        }
        for (int i = known; i < current.size(); i++) {
            ContextItem item = current.get(i);
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            text.append(BlockFormat.block(item));
            items.add(item);
        }
        return text;
    }
}
