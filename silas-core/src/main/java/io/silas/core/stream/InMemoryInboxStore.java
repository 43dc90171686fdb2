package io.silas.core.stream;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.context.ContextItem;
import io.silas.core.error.Checks;
import io.silas.core.memory.ChronicleStore;
import io.silas.core.trust.TrustDecision;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** {@link InboxStore} in a sorted map guarded by the instance lock; chronicle writes happen under the same lock. */
final class InMemoryInboxStore implements InboxStore {
    private final ChronicleStore chronicle;
    private final TreeMap<Long, InboxEntry> rows = new TreeMap<>();
    private long lastSeq;

    InMemoryInboxStore(ChronicleStore chronicle) {
        this.chronicle = Checks.nonNull(chronicle, "chronicle");
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
    public synchronized void recordMessage(InboxEntry entry, ContextItem messageEntry) {
        Checks.nonNull(entry, "entry");
        chronicle.append(entry.scopeId(), messageEntry);
        rows.computeIfPresent(entry.seq(), (seq, row) -> row.withChronicledTurn(messageEntry.turnNumber()));
    }

    @Override
    public synchronized void complete(InboxEntry entry, @Nullable ContextItem reply) {
        Checks.nonNull(entry, "entry");
        if (reply != null) {
            chronicle.append(entry.scopeId(), reply);
        }
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
}
