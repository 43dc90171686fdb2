package io.silas.core.audit;

import org.jspecify.annotations.Nullable;

/**
 * Outcome of verifying the audit chain: whether it is intact, how many entries were checked and, when
 * broken, the sequence position where the first inconsistency was found and why.
 */
public record ChainVerification(boolean valid, long entriesChecked, @Nullable Long brokenAtSeq,
                                @Nullable String reason) {
    static ChainVerification ok(long checked) {
        return new ChainVerification(true, checked, null, null);
    }

    static ChainVerification broken(long checked, long atSeq, String reason) {
        return new ChainVerification(false, checked, atSeq, reason);
    }
}
