package io.silas.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.IdGenerator;
import io.silas.core.error.SilasException;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link AuditLog} in a list guarded by the instance lock; checkpoints are signed and anchored when it has a seal. */
final class InMemoryAuditLog implements AuditLog {
    private final Clock clock;
    private final IdGenerator ids;
    private final @Nullable AuditSeal seal;
    private final List<AuditEntry> entries = new ArrayList<>();
    private final List<AuditCheckpoint> checkpoints = new ArrayList<>();
    /** Used only under the instance lock. */
    private final EntryHasher hasher = new EntryHasher();

    InMemoryAuditLog(Clock clock, IdGenerator ids, @Nullable AuditSeal seal) {
        this.clock = clock;
        this.ids = ids;
        this.seal = seal;
    }

    /** The data is converted and made canonical before taking the lock; only the chain step runs under it. */
    @Override
    public AuditEntry append(String event, Map<String, ?> data) {
        if (event == null || event.isBlank()) {
            throw SilasException.invalid("event", "must not be blank");
        }
        JsonNode tree = Json.tree(data == null ? Map.of() : data);
        String canonicalData = CanonicalJson.string(tree);
        String id = ids.next();
        synchronized (this) {
            long seq = entries.size() + 1L;
            String prev = entries.isEmpty() ? AuditChain.GENESIS : entries.get(entries.size() - 1).hash();
            Instant at = clock.instant();
            AuditEntry entry = new AuditEntry(id, seq, at, event, tree, prev,
                    hasher.hash(seq, id, at.toString(), event, canonicalData, prev));
            entries.add(entry);
            Checkpoints.afterAppend(this, seal, seq);
            return entry;
        }
    }

    @Override
    public synchronized ChainVerification verifyChain() {
        ChainVerification chain = AuditChain.verify(List.copyOf(entries).iterator(), 1, AuditChain.GENESIS);
        if (!chain.valid() || seal == null) {
            return chain;
        }
        return seal.verifyAnchors(entries.size(), chain.entriesChecked(), this::hashAt, List.copyOf(checkpoints));
    }

    /** The hash of the entry at {@code seq}, or null. Called under the instance lock. */
    private @Nullable String hashAt(long seq) {
        return seq >= 1 && seq <= entries.size() ? entries.get((int) seq - 1).hash() : null;
    }

    @Override
    public synchronized AuditCheckpoint checkpoint() {
        long seq = entries.size();
        String hash = entries.isEmpty() ? AuditChain.GENESIS : entries.get(entries.size() - 1).hash();
        AuditCheckpoint cp = Checkpoints.of(seal, seq, hash, clock.instant());
        checkpoints.add(cp);
        Checkpoints.anchor(seal, cp);
        return cp;
    }

    @Override
    public synchronized Optional<AuditCheckpoint> latestCheckpoint() {
        return checkpoints.isEmpty() ? Optional.empty() : Optional.of(checkpoints.get(checkpoints.size() - 1));
    }

    @Override
    public synchronized ChainVerification verifyFromCheckpoint() {
        Optional<AuditCheckpoint> cp;
        try {
            cp = seal == null ? latestCheckpoint() : seal.newestTrusted(latestCheckpoint());
        } catch (SilasException e) {
            return ChainVerification.broken(0, entries.size() + 1L, e.getMessage());
        }
        if (cp.isEmpty() || cp.get().seq() == 0) {
            return verifyChain();
        }
        int idx = (int) cp.get().seq() - 1;
        if (idx >= entries.size() || !entries.get(idx).hash().equals(cp.get().hash())) {
            return ChainVerification.broken(0, cp.get().seq(),
                    "checkpointed entry no longer matches (the log does not reach it)");
        }
        return AuditChain.verify(List.copyOf(entries.subList(idx + 1, entries.size())).iterator(),
                cp.get().seq() + 1, cp.get().hash());
    }

    @Override
    public synchronized List<AuditEntry> read(long fromSeq, int limit) {
        if (limit < 0) {
            throw SilasException.invalid("limit", "must be >= 0");
        }
        int from = (int) Math.max(0, fromSeq - 1);
        return from >= entries.size() ? List.of()
                : List.copyOf(entries.subList(from, Math.min(entries.size(), from + limit)));
    }

    @Override
    public synchronized List<AuditEntry> findByEvent(String event) {
        return entries.stream().filter(e -> e.event().equals(event)).toList();
    }

    @Override
    public synchronized long size() {
        return entries.size();
    }
}
