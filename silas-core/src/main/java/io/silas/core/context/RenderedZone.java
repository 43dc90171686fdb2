package io.silas.core.context;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rendered text of one zone, reused across renders. Items are immutable, so each item's block
 * ({@link BlockFormat#block}) is formatted once, when it first appears: when the zone's items still start with the
 * items of the last render (the zone only grew) the appended blocks extend the text with one copy; after any other
 * change (eviction, masking, reordering) the text is joined again from the kept blocks, formatting only the items
 * not seen before. A render therefore costs at most one copy of the zone's text, which the token budget bounds, and
 * nothing that grows with the scope's history. Not thread-safe (guarded by the context manager's lock).
 */
final class RenderedZone {
    private static final String SEPARATOR = "\n\n";

    private final List<ContextItem> items = new ArrayList<>();
    /** The block of each item in {@link #items}, at the same index. */
    private final List<String> blocks = new ArrayList<>();
    /** Kept as an exact-size string: the common single-zone render returns it without another copy. */
    private String text = "";

    /**
     * Brings the zone's text up to date with {@code current}: its blocks separated by blank lines, empty for an
     * empty zone.
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
            return rejoin(current);
        }
        if (known == current.size()) {
            return text;
        }
        StringBuilder added = new StringBuilder();
        for (int i = known; i < current.size(); i++) {
            ContextItem item = current.get(i);
            if (!added.isEmpty()) {
                added.append(SEPARATOR);
            }
            String block = BlockFormat.block(item);
            added.append(block);
            items.add(item);
            blocks.add(block);
        }
        text = text.isEmpty() ? added.toString() : text + SEPARATOR + added; // one copy of the zone text
        return text;
    }

    /** Joins the zone's blocks again, reusing the block of every item that was in the last render. */
    private String rejoin(List<ContextItem> current) {
        Map<ContextItem, String> kept = new IdentityHashMap<>(items.size() * 2);
        for (int i = 0; i < items.size(); i++) {
            kept.put(items.get(i), blocks.get(i));
        }
        items.clear();
        blocks.clear();
        StringBuilder joined = new StringBuilder(text.length() + 64);
        for (ContextItem item : current) {
            String block = kept.get(item);
            if (block == null) {
                block = BlockFormat.block(item);
            }
            if (!joined.isEmpty()) {
                joined.append(SEPARATOR);
            }
            joined.append(block);
            items.add(item);
            blocks.add(block);
        }
        text = joined.toString();
        return text;
    }
}
