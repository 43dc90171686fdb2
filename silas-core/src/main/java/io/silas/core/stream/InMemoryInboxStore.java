package io.silas.core.stream;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.context.ChronicleStore;
import io.silas.core.context.ContextItem;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.MemoryStore;
import io.silas.core.trust.TrustDecision;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@link InboxStore} in a sorted map guarded by the instance lock; chronicle and raw memory writes happen under the
 * same lock. A raw item is checked (lane, scope, unused id) before the chronicle entry is appended and stored after
 * it, so a rejected entry or item writes nothing (as long as no other writer stores the same memory id meanwhile).
 */
final class InMemoryInboxStore implements InboxStore {
    private final ChronicleStore chronicle;
    private final MemoryStore memory;
    private final TreeMap<Long, InboxEntry> rows = new TreeMap<>();
    private long lastSeq;

    InMemoryInboxStore(ChronicleStore chronicle, MemoryStore memory) {
        this.chronicle = Checks.nonNull(chronicle, "chronicle");
        this.memory = Checks.nonNull(memory, "memory");
    }

    @Override
    public synchronized InboxEntry admit(String scopeId, String connectionId, ChannelMessage message,
                                         TrustDecision trust, Instant admittedAt) {
        InboxEntry entry = new InboxEntry(lastSeq + 1, scopeId, connectionId, message, trust, admittedAt, 0);
        lastSeq = entry.seq();
        rows.put(entry.seq(), entry);
        return entry;
    }

    @Override
    public synchronized void recordMessage(InboxEntry entry, ContextItem messageEntry, @Nullable MemoryItem raw) {
        Checks.nonNull(entry, "entry");
        requireNew(entry, raw);
        chronicle.append(entry.scopeId(), messageEntry);
        storeRaw(raw);
        rows.computeIfPresent(entry.seq(), (seq, row) -> row.withChronicledTurn(messageEntry.turnNumber()));
    }

    @Override
    public synchronized void complete(InboxEntry entry, @Nullable ContextItem reply, @Nullable MemoryItem raw) {
        Checks.nonNull(entry, "entry");
        requireNew(entry, raw);
        if (reply != null) {
            chronicle.append(entry.scopeId(), reply);
        }
        storeRaw(raw);
        rows.remove(entry.seq());
    }

    @Override
    public synchronized void withdraw(InboxEntry entry) {
        Checks.nonNull(entry, "entry");
        rows.remove(entry.seq());
    }

    @Override
    public synchronized List<InboxEntry> pending() {
        return List.copyOf(rows.values());
    }

    private void requireNew(InboxEntry entry, @Nullable MemoryItem raw) {
        InboxStore.requireRaw(entry.scopeId(), raw);
        if (raw != null && memory.get(raw.scopeId(), raw.memoryId()).isPresent()) {
            throw SilasException.invalid("memory_id", "already stored in this scope: " + raw.memoryId());
        }
    }

    private void storeRaw(@Nullable MemoryItem raw) {
        if (raw != null) {
            memory.storeRaw(raw);
        }
    }
}
