package io.silas.core.audit;

import io.silas.core.json.CanonicalJson;
import java.util.Iterator;

/**
 * The hash-chain rules shared by every {@link AuditLog} implementation, so that a log written by one
 * backend verifies the same way in another.
 */
public final class AuditChain {
    /** The {@code prev_hash} of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /**
     * {@code SHA-256(prev_hash + canonical(entry without hash))} as lower-case hex.
     *
     * @param entryWithoutValidHash the entry without valid hash
     * @return the string
     */
    public static String hashOf(AuditEntry entryWithoutValidHash) {
        return hashOf(entryWithoutValidHash, new EntryHasher());
    }

    private static String hashOf(AuditEntry entry, EntryHasher hasher) {
        return hasher.hash(entry.seq(), entry.id(), entry.at().toString(), entry.event(),
                CanonicalJson.string(entry.data()), entry.prevHash());
    }

    /**
     * Verifies entries in storage order, expecting consecutive sequence numbers starting at
     * {@code expectedSeq} and a first {@code prev_hash} of {@code expectedPrev}. Detects edited, deleted,
     * inserted and reordered entries and reports the first bad position.
     *
     * @param entries the entries
     * @param expectedSeq the expected seq
     * @param expectedPrev the expected prev
     * @return the chain verification
     */
    public static ChainVerification verify(Iterator<AuditEntry> entries, long expectedSeq, String expectedPrev) {
        EntryHasher hasher = new EntryHasher();
        long checked = 0;
        long seq = expectedSeq;
        String prev = expectedPrev;
        while (entries.hasNext()) {
            AuditEntry entry = entries.next();
            if (entry.seq() != seq) {
                return ChainVerification.broken(checked, seq,
                        "expected seq " + seq + " but found " + entry.seq() + " (entry missing, inserted or reordered)");
            }
            if (!entry.prevHash().equals(prev)) {
                return ChainVerification.broken(checked, seq, "prev_hash does not match the previous entry");
            }
            if (!hashOf(entry, hasher).equals(entry.hash())) {
                return ChainVerification.broken(checked, seq, "hash does not match the entry content (edited)");
            }
            prev = entry.hash();
            seq++;
            checked++;
        }
        return ChainVerification.ok(checked);
    }
}
