package io.silas.core.context;

import java.util.ArrayList;
import java.util.List;

/**
 * The rendered text of one zone, reused across renders: items are immutable, so when the zone's items still start
 * with the items of the last render (the common case: the chronicle only grew) only the appended items are
 * rendered, and the zone's text is extended with one copy; any other change (eviction, masking, reordering) renders
 * the zone again. Not thread-safe (guarded by the context manager's lock).
 */
final class RenderedZone {
    private final List<ContextItem> items = new ArrayList<>();
    /** Kept as an exact-size string: the common single-zone render returns it without another copy. */
    private String text = "";

    /**
     * Brings the zone's text up to date with {@code current}: its blocks separated by blank lines
     * ({@link BlockFormat#block}), empty for an empty zone.
     *
     * @return the text
     */
    String render(List<ContextItem> current) {
        int known = items.size();
        boolean grown = current.size() >= known;
        for (int i = 0; grown && i < known; i++) {
            grown = current.get(i) == items.get(i);
        }
        if (!grown) {
            items.clear();
            text = "";
            known = 0;
        }
        if (known == current.size()) {
            return text;
        }
        StringBuilder added = new StringBuilder();
        for (int i = known; i < current.size(); i++) {
            ContextItem item = current.get(i);
            if (!added.isEmpty()) {
                added.append("\n\n");
            }
            added.append(BlockFormat.block(item));
            items.add(item);
        }
        text = text.isEmpty() ? added.toString() : text + "\n\n" + added; // one copy of the zone text
        return text;
    }
}
