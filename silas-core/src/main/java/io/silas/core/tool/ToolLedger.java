package io.silas.core.tool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The authoritative record of what one attempt's tool calls actually did (docs/contracts.md#work-execution): every
 * call, executed or refused, in order. Artifacts are derived only from here ({@link #artifacts()}), never from the
 * agent's claims.
 *
 * <p>Append-only and thread-safe.
 */
public final class ToolLedger {
    private final List<ToolLedgerEntry> entries = new ArrayList<>();

    /**
     * Appends an entry; its sequence must be the next one.
     *
     * @param entry the entry
     */
    public synchronized void record(ToolLedgerEntry entry) {
        if (entry.sequence() != entries.size()) {
            throw io.silas.core.error.SilasException.invalid("sequence",
                    "expected " + entries.size() + " but was " + entry.sequence());
        }
        entries.add(entry);
    }

    /** {@return the sequence number the next entry gets} */
    public synchronized int nextSequence() {
        return entries.size();
    }

    /** {@return every entry, in call order} */
    public synchronized List<ToolLedgerEntry> entries() {
        return Collections.unmodifiableList(new ArrayList<>(entries));
    }

    /**
     * {@return the artifacts of the successful calls, merged in call order (names sorted within a call; a later call's file of the same name wins):
     * name → content}
     */
    public synchronized Map<String, String> artifacts() {
        Map<String, String> merged = new LinkedHashMap<>();
        for (ToolLedgerEntry e : entries) {
            if (e.succeeded()) {
                merged.putAll(new TreeMap<>(e.result().artifacts()));
            }
        }
        return merged;
    }
}
